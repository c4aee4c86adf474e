{#- Consent per customer and purpose (var consent_purposes), rolled up over every identifier the
    customer carries (emails, phones, shop accounts): the latest evidence wins, evidence at the same
    instant resolves to revoked, then to the smallest evidence_id. A customer with no evidence for a
    purpose is 'unknown', never granted. The roll-up says what the person last told us through any of
    their identifiers; sending still checks the identifier itself (customer_consent_by_identifier),
    counted here in granted_identifier_count / revoked_identifier_count (docs/consent.md).
    Grain: one row per (customer_id, purpose) for every customer of customer_identity_map.
    Incremental where var staging_incremental is true (DuckDB, PostgreSQL; docs/scaling.md "Incremental
    runs"): a customer's rows depend on nothing but its evidence and the current status of each
    identifier that evidence names, itself decided by the evidence on the identifier, which the customer
    has among its own rows. So each customer's evidence rows are fingerprinted (inputs_fingerprint,
    macro fingerprint_xor; null for a customer without evidence) and a run writes again only the
    customers that are new or whose fingerprint changed, all their purposes (delete+insert on
    customer_id); the post_hook deletes the customers that are gone. Elsewhere (var false, Spark) a
    table rebuilt in full with a null fingerprint. What only a full build picks up: a change of var
    consent_purposes. -#}
{%- set fingerprinted = cdp.incremental_materialization() == 'incremental' %}
{{ config(
    materialized=cdp.incremental_materialization(),
    unique_key='customer_id',
    incremental_strategy='delete+insert',
    on_schema_change='fail',
    post_hook="{% if is_incremental() %}delete from {{ this }} as stored where not exists (select 1 from {{ ref('int_customers_identified') }} as customers where customers.customer_id = stored.customer_id){% endif %}"
) }}
with

all_customers as (

    {#- Every customer of the identity map, one row each (no distinct over its 5.2M records at 1M). -#}
    select customer_id
    from {{ ref('int_customers_identified') }}

),

purposes as (

    {{ cdp.consent_purposes_values() }}

),

all_evidence as (

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

identifier_statuses_now as (

    select
        identifier_type,
        identifier_value,
        purpose,
        is_granted
    from {{ ref('customer_consent_by_identifier') }}

),

{% if fingerprinted %}

fingerprints as (

    {#- Each customer's evidence, over every column the rows are decided by. The current status of an
        identifier the customer carries (identifier_statuses_now) is decided by the evidence on that
        identifier, which int_consent_events_resolved gives every customer carrying it: it is among the
        customer's own rows, so it needs no place of its own here. -#}
    select
        customer_id,
        {{ cdp.fingerprint_xor([
            'evidence_id',
            'identifier_type',
            'identifier_value',
            'purpose',
            'status',
            'occurred_at',
            'evidence_source',
            'source_system',
            'consent_id'
        ]) | indent(8) }} as inputs_fingerprint
    from all_evidence
    group by customer_id

),

{% endif %}
{% if is_incremental() %}

stored as (

    {#- A customer's rows are written by one run, with one fingerprint. -#}
    select distinct
        customer_id,
        inputs_fingerprint
    from {{ this }}

),

{% endif %}
customers as (

    {#- The customers this run writes: on an incremental run the new ones and those whose evidence
        changed; else every one (macro rows_to_write). -#}
    {{ cdp.rows_to_write('all_customers', 'customer_id', 'fingerprints' if fingerprinted else none) | indent(4) }}

),

evidence as (

    select all_evidence.*
    from all_evidence
    {%- if is_incremental() %}
    inner join customers on all_evidence.customer_id = customers.customer_id
    {%- endif %}

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
    inner join identifier_statuses_now as by_identifier
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
        coalesce(identifier_statuses.revoked_identifier_count, 0) as revoked_identifier_count,
        customers.inputs_fingerprint
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
