{#- Contract output: web and app sessions (docs/marts.md, fct_web_sessions). Sessions are cut in
    int_web_events_sessionised (a gap longer than var('web_session_inactivity_minutes') starts a new
    one); the landing event gives the landing page, UTM tags and channel (seed utm_channel_mapping,
    direct without tags). customer_id is null while the visitor's customer is not identified.
    Grain: one row per session_key. -#}
with

events as (

    select * from {{ ref('int_web_events_sessionised') }}

),

sessions as (

    {#- One pass over the events: a session has exactly one start event (its first), whose page and UTM
        tags are read with a conditional max instead of a second scan and a join. -#}
    select
        session_key,
        max(visitor_key) as visitor_key,
        max(anonymous_id) as anonymous_id,
        max(customer_id) as customer_id,
        max(session_number) as session_number,
        min(occurred_at) as started_at,
        max(occurred_at) as ended_at,
        max(platform) as device_platform,
        max(device_id) as device_id,
        count(*) as event_count,
        sum(case when event_name = 'page_view' then 1 else 0 end) as page_view_count,
        sum(case when event_name = 'product_view' then 1 else 0 end) as product_view_count,
        {{ dbt.bool_or("event_name = 'add_to_cart'") }} as has_add_to_cart,
        {{ dbt.bool_or("event_name = 'checkout_started'") }} as has_checkout_started,
        {{ dbt.bool_or("event_name = 'order_completed'") }} as converted,
        min(case when event_name = 'order_completed' then order_key end) as order_key,
        max(case when is_session_start then page_path end) as landing_page,
        max(case when is_session_start then utm_source end) as utm_source,
        max(case when is_session_start then utm_medium end) as utm_medium,
        max(case when is_session_start then utm_campaign end) as utm_campaign
    from events
    group by session_key

),

keyed as (

    select
        *,
        {{ cdp.utm_key('utm_source', 'utm_medium') }} as utm_key
    from sessions

),

final as (

    select
        session_key,
        visitor_key,
        anonymous_id,
        customer_id,
        session_number,
        started_at,
        ended_at,
        {{ cdp.to_local_timestamp('started_at') }} as started_at_local,
        {{ cdp.local_date('started_at') }} as session_date,
        {{ cdp.local_month('started_at') }} as session_month,
        {{ dbt.datediff('started_at', 'ended_at', 'second') }}
            as duration_seconds,
        event_count,
        page_view_count,
        product_view_count,
        landing_page,
        utm_source,
        utm_medium,
        utm_campaign,
        {{ cdp.utm_marketing_channel('utm_key') }} as channel,
        {{ cdp.utm_platform('utm_key', 'utm_source') }} as platform,
        device_platform,
        device_id,
        has_add_to_cart,
        has_checkout_started,
        converted,
        order_key
    from keyed

)

select * from final
