{#- Consent per customer and purpose (var consent_purposes), rolled up over every identifier the
    customer carries (emails, phones, shop accounts): the latest evidence wins, evidence at the same
    instant resolves to revoked, then to the smallest evidence_id. A customer with no evidence for a
    purpose is 'unknown', never granted. The roll-up says what the person last told us through any of
    their identifiers; sending still checks the identifier itself (customer_consent_by_identifier),
    counted here in granted_identifier_count / revoked_identifier_count (docs/consent.md).
    Grain: one row per (customer_id, purpose) for every customer of customer_identity_map. -#}
with

customers as (

    {#- Every customer of the identity map, one row each (no distinct over its 5.2M records at 1M). -#}
    select customer_id
    from {{ ref('int_customers_identified') }}

),

purposes as (

    {{ cdp.consent_purposes_values() }}

),

evidence as (

    select
        customer_id,
        evidence_id,
        identifier_type,
        identifier_value,
        {{ dbt.concat(['identifier_type', "':'", 'identifier_value']) }} as identifier_key,
        purpose,
        status,
        occurred_at,
        evidence_source,
        source_system,
        consent_id
    from {{ ref('int_consent_events_resolved') }}
    where customer_id is not null

),

ranked as (

    select
        *,
        row_number() over (
            partition by customer_id, purpose
            order by {{ cdp.consent_evidence_precedence() }}
        ) as evidence_rank,
        count(*) over (partition by customer_id, purpose) as evidence_count
    from evidence

),

latest as (

    select * from ranked
    where evidence_rank = 1

),

identifier_statuses as (

    {#- The current status of each identifier of the customer that has evidence for the purpose. -#}
    select
        customer_identifiers.customer_id,
        customer_identifiers.purpose,
        count(distinct case when by_identifier.is_granted then customer_identifiers.identifier_key end) as granted_identifier_count,
        count(distinct case when not by_identifier.is_granted then customer_identifiers.identifier_key end) as revoked_identifier_count
    from evidence as customer_identifiers
    inner join {{ ref('customer_consent_by_identifier') }} as by_identifier
        on
            customer_identifiers.identifier_type = by_identifier.identifier_type
            and customer_identifiers.identifier_value = by_identifier.identifier_value
            and customer_identifiers.purpose = by_identifier.purpose
    group by customer_identifiers.customer_id, customer_identifiers.purpose

),

final as (

    select
        customers.customer_id,
        purposes.purpose,
        coalesce(latest.status, 'unknown') as consent_status,
        coalesce(latest.status = 'granted', false) as is_granted,
        latest.occurred_at as decided_at,
        latest.identifier_type as decided_by_identifier_type,
        latest.identifier_value as decided_by_identifier_value,
        latest.evidence_id,
        latest.evidence_source,
        latest.source_system,
        latest.consent_id,
        coalesce(latest.evidence_count, 0) as evidence_count,
        coalesce(identifier_statuses.granted_identifier_count, 0) as granted_identifier_count,
        coalesce(identifier_statuses.revoked_identifier_count, 0) as revoked_identifier_count
    from customers
    cross join purposes
    left join latest
        on
            customers.customer_id = latest.customer_id
            and purposes.purpose = latest.purpose
    left join identifier_statuses
        on
            customers.customer_id = identifier_statuses.customer_id
            and purposes.purpose = identifier_statuses.purpose

)

select * from final
