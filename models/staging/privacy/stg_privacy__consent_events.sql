with

base as (

    select * from {{ ref('base_privacy__consent_events') }}

),

final as (

    select
        consent_id,
        subject_type,
        subject_value,
        subject_key,
        purpose,
        status,
        source_system,
        occurred_at
    from base
    where quarantine_reason is null and not is_duplicate

)

select * from final
