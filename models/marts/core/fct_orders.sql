{#- Contract output: online orders and in-store transactions in one grain (docs/marts.md, fct_orders).
    The customer's order number counts completed orders only. Attribution: the order's own UTM tags;
    else the customer's last non-direct marketing touch (int_marketing_touches_unioned) at most
    var('attribution_lookback_days') before the order; else 'direct'. Grain: one row per order_key. -#}
{%- set lookback_days = cdp.positive_number_var('attribution_lookback_days') %}

with

orders as (

    select * from {{ ref('int_orders_unioned') }}

),

touches as (

    select
        touch_key,
        customer_id,
        touched_at,
        touch_kind,
        touch_rank,
        channel,
        platform,
        campaign_id
    from {{ ref('int_marketing_touches_unioned') }}
    {#- Last non-direct touch: a visit or order without tags says nothing about what brought the customer. #}
    where channel != 'direct'

),

numbered as (

    select
        order_key,
        row_number() over (partition by customer_id order by ordered_at, order_key) as customer_order_number
    from orders
    where is_completed and customer_id is not null

),

untagged_orders as (

    {#- Orders whose own UTM tags do not name a marketing channel: attributed to an earlier touch. -#}
    select
        order_key,
        customer_id,
        ordered_at
    from orders
    where marketing_channel = 'direct' and customer_id is not null

),

earlier_touches as (

    select
        untagged_orders.order_key,
        touches.channel,
        touches.platform,
        touches.campaign_id,
        touches.touch_kind,
        touches.touch_key,
        touches.touched_at,
        row_number() over (
            partition by untagged_orders.order_key
            order by touches.touched_at desc, touches.touch_rank desc, touches.touch_key desc
        ) as recency_rank
    from untagged_orders
    inner join touches
        on
            untagged_orders.customer_id = touches.customer_id
            and untagged_orders.ordered_at >= touches.touched_at
            and {{ dbt.dateadd('day', -lookback_days, 'untagged_orders.ordered_at') }} <= touches.touched_at
            and untagged_orders.order_key != touches.touch_key

),

attributions as (

    select
        order_key,
        marketing_channel as channel,
        platform,
        utm_campaign as campaign_id,
        'order_utm' as attribution_source,
        'online_order' as touch_kind,
        order_key as touch_key,
        ordered_at as touched_at
    from orders
    where marketing_channel != 'direct'
    union all
    select
        order_key,
        channel,
        platform,
        campaign_id,
        'last_touch' as attribution_source,
        touch_kind,
        touch_key,
        touched_at
    from earlier_touches
    where recency_rank = 1

),

final as (

    select
        orders.order_key,
        orders.order_id,
        orders.source_table,
        orders.customer_id,
        orders.is_customer_erased,
        orders.channel,
        orders.ordered_at,
        orders.ordered_at_local,
        orders.order_date,
        orders.order_month,
        orders.status,
        orders.is_completed,
        orders.currency,
        orders.total_amount,
        orders.gross_amount,
        orders.discount_amount,
        orders.net_amount,
        orders.total_amount_vnd,
        orders.gross_amount_vnd,
        orders.discount_amount_vnd,
        orders.net_amount_vnd,
        orders.refunded_amount_vnd,
        orders.store_id,
        orders.province_code,
        orders.payment_method,
        orders.utm_source,
        orders.utm_medium,
        orders.utm_campaign,
        orders.marketing_channel,
        orders.platform,
        numbered.customer_order_number,
        case when orders.customer_id is not null then coalesce(numbered.customer_order_number = 1, false) end as is_first_order,
        coalesce(attributions.channel, 'direct') as attributed_channel,
        attributions.platform as attributed_platform,
        attributions.campaign_id as attributed_campaign_id,
        coalesce(attributions.attribution_source, 'none') as attribution_source,
        attributions.touch_kind as attributed_touch_kind,
        attributions.touch_key as attributed_touch_key,
        attributions.touched_at as attributed_touch_at
    from orders
    left join numbered on orders.order_key = numbered.order_key
    left join attributions on orders.order_key = attributions.order_key

)

select * from final
