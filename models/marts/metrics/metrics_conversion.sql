{#- Web and app sessions -> orders per landing channel. A session is converted when it holds an
    order_completed event (fct_web_sessions). Its orders are every order its order_completed events
    name, read from the timeline (fct_web_sessions keeps only the first). Grain: one row per
    Vietnamese business month of the session start x session channel. -#}
with

sessions as (

    select
        session_key,
        visitor_key,
        session_number,
        session_month,
        channel,
        customer_id,
        converted
    from {{ ref('fct_web_sessions') }}

),

completed_events as (

    {#- The orders each session completed: a session can complete several (fct_web_sessions.order_key
        is its first). #}
    select distinct
        visitor_key,
        session_number,
        order_key
    from {{ ref('fct_customer_events') }}
    where
        source_table = 'web_events'
        and event_type = 'order_completed'
        and order_key is not null

),

orders as (

    select
        order_key,
        is_completed,
        net_amount_vnd
    from {{ ref('fct_orders') }}

),

session_orders as (

    {#- Each order once per month and channel, even if two sessions report it. -#}
    select distinct
        sessions.session_month,
        sessions.channel,
        completed_events.order_key,
        orders.is_completed,
        orders.net_amount_vnd
    from completed_events
    inner join sessions
        on
            completed_events.visitor_key = sessions.visitor_key
            and completed_events.session_number = sessions.session_number
    left join orders on completed_events.order_key = orders.order_key

),

session_counts as (

    select
        session_month,
        channel,
        count(*) as sessions,
        count(case when converted then 1 end) as converted_sessions,
        count(customer_id) as identified_sessions
    from sessions
    group by
        session_month,
        channel

),

order_counts as (

    select
        session_month,
        channel,
        count(*) as orders,
        count(case when is_completed then 1 end) as completed_orders,
        sum(case when is_completed then net_amount_vnd else 0 end) as revenue_vnd
    from session_orders
    group by
        session_month,
        channel

),

final as (

    select
        session_counts.session_month,
        session_counts.channel,
        cast(session_counts.sessions as {{ dbt.type_bigint() }}) as sessions,
        cast(session_counts.converted_sessions as {{ dbt.type_bigint() }}) as converted_sessions,
        cast(session_counts.identified_sessions as {{ dbt.type_bigint() }}) as identified_sessions,
        cast(coalesce(order_counts.orders, 0) as {{ dbt.type_bigint() }}) as orders,
        cast(coalesce(order_counts.completed_orders, 0) as {{ dbt.type_bigint() }}) as completed_orders,
        coalesce(order_counts.revenue_vnd, 0) as revenue_vnd,
        {{ cdp.ratio('session_counts.converted_sessions', 'session_counts.sessions') }} as conversion_rate,
        {{ cdp.ratio('coalesce(order_counts.revenue_vnd, 0)', 'session_counts.sessions') }} as revenue_per_session_vnd
    from session_counts
    left join order_counts
        on
            session_counts.session_month = order_counts.session_month
            and session_counts.channel = order_counts.channel

)

select * from final
