{#- What each customer bought, online and in store (docs/marts.md): the purchase history CLV, RFM,
    retention and dim_customers read. A purchase is a completed order (status paid); the first/last
    order columns, the channel counts and the purchase days count purchases only, while order_count
    counts every order placed. net_revenue_vnd is the historical CLV (net revenue to date).
    Grain: one row per customer_id with at least one order of any status. -#}
with

orders as (

    select
        order_key,
        customer_id,
        channel,
        status,
        is_completed,
        ordered_at,
        order_date,
        net_amount_vnd,
        refunded_amount_vnd
    from {{ ref('int_orders_unioned') }}
    where customer_id is not null

),

final as (

    select
        customer_id,
        min(case when is_completed then ordered_at end) as first_order_at,
        max(case when is_completed then ordered_at end) as last_order_at,
        min(case when is_completed then order_date end) as first_order_date,
        max(case when is_completed then order_date end) as last_order_date,
        min(ordered_at) as first_placed_order_at,
        max(ordered_at) as last_placed_order_at,
        count(*) as order_count,
        count(case when is_completed then 1 end) as completed_order_count,
        count(case when is_completed and channel = 'online' then 1 end) as online_order_count,
        count(case when is_completed and channel = 'in_store' then 1 end) as in_store_order_count,
        count(case when status = 'refunded' then 1 end) as refunded_order_count,
        count(case when status = 'cancelled' then 1 end) as cancelled_order_count,
        count(distinct case when is_completed then order_date end) as purchase_day_count,
        sum(net_amount_vnd) as net_revenue_vnd,
        sum(refunded_amount_vnd) as refunded_amount_vnd
    from orders
    group by customer_id

)

select * from final
