{#- The current consent of each identifier (email address, phone number, shop account) for each
    purpose: its latest evidence wins; evidence at the same instant resolves to revoked (privacy
    first), then to the smallest evidence_id, so the choice is deterministic. Only identifiers with
    evidence appear: an identifier absent here has no consent. Activation sends to an identifier only
    when its own row here is granted. Grain: one row per (identifier_type, identifier_value, purpose). -#}
with

evidence as (

    {#- One row per piece of evidence: the resolved model repeats it once per customer carrying the
        identifier. -#}
    select distinct
        evidence_id,
        identifier_type,
        identifier_value,
        purpose,
        status,
        occurred_at,
        evidence_source,
        source_system,
        source_table,
        source_record_id,
        consent_id
    from {{ ref('int_consent_events_resolved') }}
    where identifier_value is not null

),

owners as (

    select
        identifier_type,
        identifier_value,
        count(distinct customer_id) as customer_count
    from {{ ref('int_consent_events_resolved') }}
    where identifier_value is not null
    group by identifier_type, identifier_value

),

ranked as (

    select
        *,
        row_number() over (
            partition by identifier_type, identifier_value, purpose
            order by {{ cdp.consent_evidence_precedence() }}
        ) as evidence_rank,
        count(*) over (partition by identifier_type, identifier_value, purpose) as evidence_count
    from evidence

),

final as (

    select
        ranked.identifier_type,
        ranked.identifier_value,
        ranked.purpose,
        ranked.status as consent_status,
        ranked.status = 'granted' as is_granted,
        ranked.occurred_at as decided_at,
        ranked.evidence_id,
        ranked.evidence_source,
        ranked.source_system,
        ranked.source_table,
        ranked.source_record_id,
        ranked.consent_id,
        ranked.evidence_count,
        owners.customer_count
    from ranked
    inner join owners
        on
            ranked.identifier_type = owners.identifier_type
            and ranked.identifier_value = owners.identifier_value
    where ranked.evidence_rank = 1

)

select * from final
