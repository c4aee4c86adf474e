{#- Contract output: web and app sessions (docs/marts.md, fct_web_sessions). Sessions are cut in
    int_web_events_sessionised (a gap longer than var('web_session_inactivity_minutes') starts a new
    one); the landing event gives the landing page, UTM tags and channel (seed utm_channel_mapping,
    direct without tags). customer_id is null while the visitor's customer is not identified.
    The events are read from the timeline, fct_customer_events, where they are stored once (the
    sessionised events are a view: at 1M people, writing their 12M rows a second time cost more than
    any of the marts' joins), in one aggregation that also yields the landing event's columns.
    Grain: one row per session_key.
    Incremental where var staging_incremental is true (DuckDB, PostgreSQL; docs/scaling.md "Incremental
    runs"): a run recomputes every session of the visitors whose events fct_customer_events wrote since
    this model's last run and replaces all their stored sessions (delete+insert on visitor_key); the
    pre_hook deletes the sessions of the visitors with no web event left in the timeline: erased
    anonymous ids and accounts, whose events moved to the erasure request's anonymous key, and visitors
    whose every event was withdrawn (its new delivery quarantined). -#}
{{ config(
    materialized=cdp.incremental_materialization(),
    unique_key='visitor_key',
    incremental_strategy='delete+insert',
    on_schema_change='fail',
    pre_hook="{% if is_incremental() %}delete from {{ this }} as stored where not exists (select 1 from {{ ref('fct_customer_events') }} as timeline where timeline.source_table = 'web_events' and timeline.visitor_key = stored.visitor_key){% endif %}"
) }}
with

{% if is_incremental() %}

last_build as (

    select coalesce(max(_built_at), cast('1900-01-01' as {{ dbt.type_timestamp() }})) as built_at
    from {{ this }}

),

rewritten_visitors as (

    select distinct timeline.visitor_key
    from {{ ref('fct_customer_events') }} as timeline
    inner join last_build on timeline._built_at > last_build.built_at
    where timeline.source_table = 'web_events'

),

{% endif %}

events as (

    select
        visitor_key,
        session_number,
        is_session_start,
        customer_id,
        occurred_at,
        event_type as event_name,
        event_detail as platform,
        device_id,
        order_key,
        anonymous_id,
        page_url,
        utm_source,
        utm_medium,
        campaign_id
    from {{ ref('fct_customer_events') }}
    where
        source_table = 'web_events'
    {% if is_incremental() %}
        and visitor_key in (select rewritten_visitors.visitor_key from rewritten_visitors)
    {% endif %}

),

sessions as (

    {#- What the session's events add up to, in one pass over the events. A session is a visitor's
        session number: session_key (<visitor_key>:<session_number>, one key per pair) is built from the
        pair after the aggregation, on 4.5M sessions instead of being read for 12M events (1M people).
        The landing event is the session's one event with is_session_start (its first: the session
        number counts the starts), so a max() over the values of that one event is the landing's value,
        null included: the landing needs no second scan of the events and no join. -#}
    select
        visitor_key,
        session_number,
        max(customer_id) as customer_id,
        min(occurred_at) as started_at,
        max(occurred_at) as ended_at,
        max(platform) as device_platform,
        max(device_id) as device_id,
        count(*) as event_count,
        count(case when event_name = 'page_view' then 1 end) as page_view_count,
        count(case when event_name = 'product_view' then 1 end) as product_view_count,
        {{ dbt.bool_or("event_name = 'add_to_cart'") }} as has_add_to_cart,
        {{ dbt.bool_or("event_name = 'checkout_started'") }} as has_checkout_started,
        {{ dbt.bool_or("event_name = 'order_completed'") }} as converted,
        min(case when event_name = 'order_completed' then order_key end) as order_key,
        max(case when is_session_start then anonymous_id end) as anonymous_id,
        max(case when is_session_start then page_url end) as landing_page_url,
        max(case when is_session_start then utm_source end) as utm_source,
        max(case when is_session_start then utm_medium end) as utm_medium,
        max(case when is_session_start then campaign_id end) as utm_campaign
    from events
    group by visitor_key, session_number

),

keyed as (

    select
        *,
        {{ cdp.web_session_key('visitor_key', 'session_number') }} as session_key,
        {{ cdp.url_without_query('landing_page_url') }} as landing_page,
        {{ cdp.utm_key('utm_source', 'utm_medium') }} as utm_key
    from sessions

),

final as (

    select
        keyed.session_key,
        keyed.visitor_key,
        keyed.anonymous_id,
        keyed.customer_id,
        keyed.session_number,
        keyed.started_at,
        keyed.ended_at,
        {{ cdp.to_local_timestamp('keyed.started_at') }} as started_at_local,
        {{ cdp.local_date('keyed.started_at') }} as session_date,
        {{ cdp.local_month('keyed.started_at') }} as session_month,
        {{ dbt.datediff('keyed.started_at', 'keyed.ended_at', 'second') }}
            as duration_seconds,
        keyed.event_count,
        keyed.page_view_count,
        keyed.product_view_count,
        keyed.landing_page,
        keyed.utm_source,
        keyed.utm_medium,
        keyed.utm_campaign,
        {{ cdp.utm_marketing_channel('keyed.utm_key') }} as channel,
        {{ cdp.utm_platform('keyed.utm_key', 'keyed.utm_source') }} as platform,
        keyed.device_platform,
        keyed.device_id,
        keyed.has_add_to_cart,
        keyed.has_checkout_started,
        keyed.converted,
        keyed.order_key,
        {{ cdp.run_started_at_timestamp() }} as _built_at
    from keyed

)

select * from final
