{#- The headline KPIs of each Vietnamese business month, from completed orders (status paid; refunds,
    cancellations and pending orders are no revenue and no order). Months without a completed order
    between the first and the last one are present with zeros. Grain: one row per order_month. -#}
with

orders as (

    select
        order_key,
        customer_id,
        channel,
        order_month,
        net_amount_vnd,
        is_first_order
    from {{ ref('fct_orders') }}
    where is_completed

),

bounds as (

    select
        min(order_month) as first_month,
        max(order_month) as last_month
    from orders

),

months as (

    select spine.date_day as order_month
    from {{ ref('time_spine_daily') }} as spine
    cross join bounds
    where
        spine.date_day = cast({{ dbt.date_trunc('month', 'spine.date_day') }} as date)
        and spine.date_day between bounds.first_month and bounds.last_month

),

aggregated as (

    select
        order_month,
        sum(net_amount_vnd) as revenue_vnd,
        count(*) as orders,
        count(distinct customer_id) as active_customers,
        count(distinct case when is_first_order then customer_id end) as new_customers,
        count(case when customer_id is null then 1 end) as anonymous_orders,
        sum(case when channel = 'online' then net_amount_vnd else 0 end) as online_revenue_vnd,
        sum(case when channel = 'in_store' then net_amount_vnd else 0 end) as in_store_revenue_vnd,
        count(case when channel = 'online' then 1 end) as online_orders,
        count(case when channel = 'in_store' then 1 end) as in_store_orders
    from orders
    group by order_month

),

final as (

    select
        months.order_month,
        coalesce(aggregated.revenue_vnd, 0) as revenue_vnd,
        cast(coalesce(aggregated.orders, 0) as {{ dbt.type_bigint() }}) as orders,
        {{ cdp.ratio('aggregated.revenue_vnd', 'aggregated.orders') }} as aov_vnd,
        cast(coalesce(aggregated.active_customers, 0) as {{ dbt.type_bigint() }}) as active_customers,
        cast(coalesce(aggregated.new_customers, 0) as {{ dbt.type_bigint() }}) as new_customers,
        cast(coalesce(aggregated.active_customers - aggregated.new_customers, 0) as {{ dbt.type_bigint() }}) as returning_customers,
        cast(coalesce(aggregated.anonymous_orders, 0) as {{ dbt.type_bigint() }}) as anonymous_orders,
        coalesce(aggregated.online_revenue_vnd, 0) as online_revenue_vnd,
        coalesce(aggregated.in_store_revenue_vnd, 0) as in_store_revenue_vnd,
        cast(coalesce(aggregated.online_orders, 0) as {{ dbt.type_bigint() }}) as online_orders,
        cast(coalesce(aggregated.in_store_orders, 0) as {{ dbt.type_bigint() }}) as in_store_orders,
        {{ cdp.ratio('aggregated.online_revenue_vnd', 'aggregated.revenue_vnd') }} as online_revenue_share
    from months
    left join aggregated on months.order_month = aggregated.order_month

)

select * from final
