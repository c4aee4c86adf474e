{#- The events of int_web_events_sessionised as one query (with its own CTEs): the staged events with the
    visitor and customer that resolved_events (int_web_events_resolved, or an incremental run's subset
    of it: every event of each visitor it names) gives them, and their sessions: a visitor's events, in
    time order, start a new session after a gap longer than var('web_session_inactivity_minutes'); a gap
    of exactly that long stays in the session. The view int_web_events_sessionised is this query over
    every event; an incremental run of fct_customer_events embeds it over the visitors it rewrites, so
    the session windows sort only their events (docs/scaling.md "Incremental runs"). -#}
{% macro web_events_sessionised(resolved_events) -%}
    {%- set inactivity_seconds = cdp.positive_number_var('web_session_inactivity_minutes') * 60 %}

with

events as (

    {#- What each event says on its own is worked out here, before the join to its session: DuckDB
        evaluates an expression on a dictionary-encoded column once per distinct value (4,220 page urls
        for 12M events at 1M people), which the rows coming out of a join no longer are. -#}
    select
        *,
        {{ cdp.url_without_query('page_url') }} as page_path,
        {{ cdp.to_local_timestamp('occurred_at') }} as occurred_at_local,
        {{ cdp.local_date('occurred_at') }} as event_date,
        case
            when order_id is not null then {{ dbt.concat(["'shop_orders:'", 'order_id']) }}
        end as order_key
    from {{ ref('stg_web__events') }}

),

event_pages as (

    select
        *,
        {{ cdp.product_slug('page_path') }} as product_slug
    from events

),

resolved as (

    {#- What the session windows need of each event, read on its own (two readers of one CTE would make
        DuckDB materialise the 12M wide events). -#}
    select
        event_id,
        visitor_key,
        occurred_at,
        erased_customer_key,
        customer_id
    from {{ resolved_events }}

),

event_order as (

    {#- The session windows sort only what they need (visitor, time, event id), not the whole event:
        at 12M events sorting the wide rows twice cost more than joining the result back. -#}
    select
        event_id,
        visitor_key,
        erased_customer_key,
        customer_id,
        occurred_at,
        lag(occurred_at) over (partition by visitor_key order by occurred_at, event_id) as previous_occurred_at
    from resolved

),

gaps as (

    select
        event_id,
        visitor_key,
        erased_customer_key,
        customer_id,
        occurred_at,
        {{ dbt.datediff('previous_occurred_at', 'occurred_at', 'second') }}
            as seconds_since_previous_event
    from event_order

),

session_starts as (

    select
        *,
        coalesce(seconds_since_previous_event > {{ inactivity_seconds }}, true) as is_session_start
    from gaps

),

numbered as (

    select
        event_id,
        erased_customer_key,
        customer_id,
        seconds_since_previous_event,
        is_session_start,
        count(case when is_session_start then 1 end) over (
            partition by visitor_key
            order by occurred_at, event_id
            rows between unbounded preceding and current row
        ) as session_number
    from session_starts

),

joined as (

    select
        event_pages.*,
        numbered.erased_customer_key,
        numbered.customer_id,
        numbered.seconds_since_previous_event,
        numbered.is_session_start,
        numbered.session_number,
        {{ cdp.web_visitor_key('numbered.erased_customer_key', 'event_pages.anonymous_id', 'event_pages.user_id') }} as visitor_key
    from event_pages
    inner join numbered on event_pages.event_id = numbered.event_id

),

final as (

    select
        joined.event_id,
        joined.visitor_key,
        coalesce(joined.erased_customer_key, joined.anonymous_id) as anonymous_id,
        case when joined.erased_customer_key is null then joined.user_id end as user_id,
        joined.customer_id,
        joined.event_name,
        joined.occurred_at,
        joined.occurred_at_local,
        joined.event_date,
        joined.platform,
        case when joined.erased_customer_key is null then joined.device_id end as device_id,
        joined.page_url,
        joined.page_path,
        joined.product_slug,
        joined.order_id,
        joined.order_key,
        joined.utm_source,
        joined.utm_medium,
        joined.utm_campaign,
        joined.seconds_since_previous_event,
        joined.is_session_start,
        joined.session_number,
        {{ cdp.web_session_key('joined.visitor_key', 'joined.session_number') }} as session_key
    from joined

)

select * from final
{%- endmacro %}
