{#- The email funnel sent -> delivered -> opened -> clicked -> ordered. A recipient is one subscriber
    of one campaign; each step counts the recipients with at least one event of that type. An order
    is the campaign's when the same customer (customer_identity_map) completed it within
    var('email_attribution_window_days') after clicking it, the latest such click of any campaign
    winning. Grain: one row per Vietnamese business month of the recipient's send x campaign. -#}
{%- set window_days = cdp.positive_number_var('email_attribution_window_days') %}

with

events as (

    select
        subscriber_id,
        campaign_id,
        event_type,
        occurred_at
    from {{ ref('stg_email__events') }}
    where campaign_id is not null

),

subscriber_customers as (

    select
        source_record_id as subscriber_id,
        customer_id
    from {{ ref('customer_identity_map') }}
    where source_table = 'email_subscribers'

),

orders as (

    select
        order_key,
        customer_id,
        ordered_at,
        net_amount_vnd
    from {{ ref('fct_orders') }}
    where is_completed and customer_id is not null

),

clicks as (

    select
        events.subscriber_id,
        events.campaign_id,
        events.occurred_at as clicked_at,
        subscriber_customers.customer_id
    from events
    inner join subscriber_customers on events.subscriber_id = subscriber_customers.subscriber_id
    where events.event_type = 'click'

),

order_clicks as (

    {#- Every click an order followed within the window; the latest one (ties: campaign, subscriber)
        gets the order. -#}
    select
        orders.order_key,
        orders.net_amount_vnd,
        clicks.subscriber_id,
        clicks.campaign_id,
        row_number() over (
            partition by orders.order_key
            order by clicks.clicked_at desc, clicks.campaign_id desc, clicks.subscriber_id desc
        ) as click_recency
    from orders
    inner join clicks
        on
            orders.customer_id = clicks.customer_id
            and orders.ordered_at >= clicks.clicked_at
            and orders.ordered_at <= {{ dbt.dateadd('day', window_days, 'clicks.clicked_at') }}

),

attributed_orders as (

    select
        subscriber_id,
        campaign_id,
        count(*) as orders,
        sum(net_amount_vnd) as revenue_vnd
    from order_clicks
    where click_recency = 1
    group by
        subscriber_id,
        campaign_id

),

recipients as (

    select
        subscriber_id,
        campaign_id,
        min(case when event_type = 'sent' then occurred_at end) as sent_at,
        min(occurred_at) as first_event_at,
        max(case when event_type = 'sent' then 1 else 0 end) as is_sent,
        max(case when event_type = 'delivered' then 1 else 0 end) as is_delivered,
        max(case when event_type = 'bounce' then 1 else 0 end) as is_bounced,
        max(case when event_type = 'open' then 1 else 0 end) as is_opened,
        max(case when event_type = 'click' then 1 else 0 end) as is_clicked,
        max(case when event_type = 'unsubscribe' then 1 else 0 end) as is_unsubscribed,
        max(case when event_type = 'complaint' then 1 else 0 end) as is_complained
    from events
    group by
        subscriber_id,
        campaign_id

),

dated as (

    {#- The send month: of the sent event, or of the recipient's first event when the platform
        delivered no sent event. -#}
    select
        recipients.*,
        {{ cdp.local_month('coalesce(recipients.sent_at, recipients.first_event_at)') }} as send_month,
        case when attributed_orders.orders > 0 then 1 else 0 end as is_ordered,
        coalesce(attributed_orders.orders, 0) as orders,
        coalesce(attributed_orders.revenue_vnd, 0) as revenue_vnd
    from recipients
    left join attributed_orders
        on
            recipients.subscriber_id = attributed_orders.subscriber_id
            and recipients.campaign_id = attributed_orders.campaign_id

),

aggregated as (

    select
        send_month,
        campaign_id,
        cast(sum(is_sent) as {{ dbt.type_bigint() }}) as sent,
        cast(sum(is_delivered) as {{ dbt.type_bigint() }}) as delivered,
        cast(sum(is_bounced) as {{ dbt.type_bigint() }}) as bounced,
        cast(sum(is_opened) as {{ dbt.type_bigint() }}) as opened,
        cast(sum(is_clicked) as {{ dbt.type_bigint() }}) as clicked,
        cast(sum(is_unsubscribed) as {{ dbt.type_bigint() }}) as unsubscribed,
        cast(sum(is_complained) as {{ dbt.type_bigint() }}) as complained,
        cast(sum(is_ordered) as {{ dbt.type_bigint() }}) as ordered,
        cast(sum(orders) as {{ dbt.type_bigint() }}) as orders,
        sum(revenue_vnd) as revenue_vnd
    from dated
    group by
        send_month,
        campaign_id

),

final as (

    select
        send_month,
        campaign_id,
        sent,
        delivered,
        bounced,
        opened,
        clicked,
        unsubscribed,
        complained,
        ordered,
        orders,
        revenue_vnd,
        {{ cdp.ratio('delivered', 'sent') }} as delivery_rate,
        {{ cdp.ratio('opened', 'delivered') }} as open_rate,
        {{ cdp.ratio('clicked', 'opened') }} as click_to_open_rate,
        {{ cdp.ratio('ordered', 'clicked') }} as click_to_order_rate
    from aggregated

)

select * from final
