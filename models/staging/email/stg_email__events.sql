with

base as (

    select * from {{ ref('base_email__events') }}

),

final as (

    select
        event_id,
        subscriber_id,
        campaign_id,
        event_type,
        occurred_at,
        _staged_at
    from base
    where quarantine_reason is null and not is_duplicate

)

select * from final
