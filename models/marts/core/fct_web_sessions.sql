{#- Contract output: web and app sessions (docs/marts.md, fct_web_sessions). Sessions are cut in
    int_web_events_sessionised (a gap longer than var('web_session_inactivity_minutes') starts a new
    one); the landing event gives the landing page, UTM tags and channel (seed utm_channel_mapping,
    direct without tags). customer_id is null while the visitor's customer is not identified.
    The events are read from the timeline, fct_customer_events, where they are stored once (the
    sessionised events are a view: at 1M people, writing their 12M rows a second time cost more than
    any of the marts' joins). Grain: one row per session_key. -#}
with

events as (

    select
        session_key,
        customer_id,
        occurred_at,
        event_type as event_name,
        event_detail as platform,
        device_id,
        order_key
    from {{ ref('fct_customer_events') }}
    where source_table = 'web_events'

),

sessions as (

    {#- What the session's events add up to. -#}
    select
        session_key,
        max(customer_id) as customer_id,
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
        min(case when event_name = 'order_completed' then order_key end) as order_key
    from events
    group by session_key

),

landings as (

    {#- What the session's first event says: exactly one per session. The visitor, its anonymous id and
        the session number are the same on every event of a session; read here, they stay out of the
        aggregation (a max over 12M strings costs more than this join at 1M people). Read from the table
        again, not from `events`: two readers of one CTE make DuckDB materialise it. -#}
    select
        session_key,
        visitor_key,
        anonymous_id,
        session_number,
        {{ cdp.url_without_query('page_url') }} as landing_page,
        utm_source,
        utm_medium,
        campaign_id as utm_campaign,
        {{ cdp.utm_key('utm_source', 'utm_medium') }} as utm_key
    from {{ ref('fct_customer_events') }}
    where source_table = 'web_events' and is_session_start

),

final as (

    select
        sessions.session_key,
        landings.visitor_key,
        landings.anonymous_id,
        sessions.customer_id,
        landings.session_number,
        sessions.started_at,
        sessions.ended_at,
        {{ cdp.to_local_timestamp('sessions.started_at') }} as started_at_local,
        {{ cdp.local_date('sessions.started_at') }} as session_date,
        {{ cdp.local_month('sessions.started_at') }} as session_month,
        {{ dbt.datediff('sessions.started_at', 'sessions.ended_at', 'second') }}
            as duration_seconds,
        sessions.event_count,
        sessions.page_view_count,
        sessions.product_view_count,
        landings.landing_page,
        landings.utm_source,
        landings.utm_medium,
        landings.utm_campaign,
        {{ cdp.utm_marketing_channel('landings.utm_key') }} as channel,
        {{ cdp.utm_platform('landings.utm_key', 'landings.utm_source') }} as platform,
        sessions.device_platform,
        sessions.device_id,
        sessions.has_add_to_cart,
        sessions.has_checkout_started,
        sessions.converted,
        sessions.order_key
    from sessions
    inner join landings on sessions.session_key = landings.session_key

)

select * from final
