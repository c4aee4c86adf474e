{#- How each buying customer was acquired (docs/marts.md, acquisition attribution): first touch. The
    customer is acquired by the first completed order; the acquisition touch is the customer's earliest
    touch (int_marketing_touches_unioned: a web or app session landing, an online order, a social lead;
    direct visits and orders without tags included, so a customer who first came direct and clicked an
    ad later is direct) at or before that order, the first order itself included; at the same instant a
    web visit comes before a lead, a lead before an order. No touch at all (a first purchase in store
    with nothing before it): 'direct', source 'none'. The channel, platform and campaign_id of a paid
    touch join stg_ads__spend on (channel, platform, campaign_id).
    Grain: one row per customer_id with a completed order. -#}
with

orders as (

    select
        order_key,
        customer_id,
        channel,
        ordered_at,
        order_month
    from {{ ref('int_orders_unioned') }}
    where is_completed and customer_id is not null

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

),

ranked_orders as (

    select
        *,
        row_number() over (partition by customer_id order by ordered_at, order_key) as purchase_rank
    from orders

),

first_orders as (

    select * from ranked_orders
    where purchase_rank = 1

),

ranked_touches as (

    select
        first_orders.customer_id,
        touches.touch_key,
        touches.touched_at,
        touches.touch_kind,
        touches.channel,
        touches.platform,
        touches.campaign_id,
        row_number() over (
            partition by first_orders.customer_id
            order by touches.touched_at, touches.touch_rank, touches.touch_key
        ) as touch_order
    from first_orders
    inner join touches
        on
            first_orders.customer_id = touches.customer_id
            and first_orders.ordered_at >= touches.touched_at

),

first_touches as (

    select * from ranked_touches
    where touch_order = 1

),

final as (

    select
        first_orders.customer_id,
        first_orders.order_key as acquisition_order_key,
        first_orders.channel as acquisition_order_channel,
        first_orders.ordered_at as acquired_at,
        first_orders.order_month as acquisition_month,
        coalesce(first_touches.channel, 'direct') as acquisition_channel,
        first_touches.platform as acquisition_platform,
        first_touches.campaign_id as acquisition_campaign_id,
        coalesce(first_touches.touch_kind, 'none') as acquisition_source,
        first_touches.touch_key as acquisition_touch_key,
        first_touches.touched_at as acquisition_touch_at
    from first_orders
    left join first_touches on first_orders.customer_id = first_touches.customer_id

)

select * from final
