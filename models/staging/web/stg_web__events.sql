with

base as (

    select * from {{ ref('base_web__events') }}

),

final as (

    select
        event_id,
        anonymous_id,
        user_id,
        event_name,
        occurred_at,
        platform,
        device_id,
        page_url,
        order_id,
        email,
        email_match_key,
        email_issue,
        phone_e164,
        phone_issue,
        utm_source,
        utm_medium,
        utm_campaign,
        _staged_at
    from base
    where quarantine_reason is null and not is_duplicate

)

select * from final
