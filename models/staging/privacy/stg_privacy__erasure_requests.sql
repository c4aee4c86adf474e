with

base as (

    select * from {{ ref('base_privacy__erasure_requests') }}

),

final as (

    select
        request_id,
        subject_type,
        subject_value,
        subject_key,
        requested_at
    from base
    where quarantine_reason is null and not is_duplicate

)

select * from final
