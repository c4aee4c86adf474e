{#- Monthly acquisition cohorts: customers by the Vietnamese business month of their first completed
    order, followed month by month up to the last month with a completed order. Customer retention:
    the share of the cohort with a completed order in the month; revenue retention: the cohort's net
    revenue in the month over its revenue in month 0. Grain: one row per cohort_month x
    months_since_first_order (every month from 0 to the last month, zeros included). -#}
with

orders as (

    select
        customer_id,
        order_month,
        net_amount_vnd
    from {{ ref('fct_orders') }}
    where is_completed and customer_id is not null

),

customer_cohorts as (

    select
        customer_id,
        min(order_month) as cohort_month
    from orders
    group by customer_id

),

cohorts as (

    select
        cohort_month,
        count(*) as cohort_size
    from customer_cohorts
    group by cohort_month

),

last_month as (

    select max(order_month) as last_month
    from orders

),

months as (

    select spine.date_day as activity_month
    from {{ ref('time_spine_daily') }} as spine
    where spine.date_day = cast({{ dbt.date_trunc('month', 'spine.date_day') }} as date)

),

grid as (

    {#- Every cohort x every month from its first to the last month of the data. -#}
    select
        cohorts.cohort_month,
        cohorts.cohort_size,
        months.activity_month
    from cohorts
    cross join last_month
    inner join months
        on
            cohorts.cohort_month <= months.activity_month
            and last_month.last_month >= months.activity_month

),

activity as (

    select
        customer_cohorts.cohort_month,
        orders.order_month as activity_month,
        count(distinct orders.customer_id) as active_customers,
        sum(orders.net_amount_vnd) as revenue_vnd
    from orders
    inner join customer_cohorts on orders.customer_id = customer_cohorts.customer_id
    group by
        customer_cohorts.cohort_month,
        orders.order_month

),

joined as (

    select
        grid.cohort_month,
        grid.activity_month,
        {{ dbt.datediff('grid.cohort_month', 'grid.activity_month', 'month') }}
            as months_since_first_order,
        grid.cohort_size,
        coalesce(activity.active_customers, 0) as active_customers,
        coalesce(activity.revenue_vnd, 0) as revenue_vnd
    from grid
    left join activity
        on
            grid.cohort_month = activity.cohort_month
            and grid.activity_month = activity.activity_month

),

month_zero as (

    select
        cohort_month,
        revenue_vnd as month_zero_revenue_vnd
    from joined
    where months_since_first_order = 0

),

final as (

    select
        joined.cohort_month,
        cast(joined.months_since_first_order as integer) as months_since_first_order,
        joined.activity_month,
        cast(joined.cohort_size as {{ dbt.type_bigint() }}) as cohort_size,
        cast(joined.active_customers as {{ dbt.type_bigint() }}) as active_customers,
        {{ cdp.ratio('joined.active_customers', 'joined.cohort_size') }} as customer_retention_rate,
        joined.revenue_vnd,
        {{ cdp.ratio('joined.revenue_vnd', 'month_zero.month_zero_revenue_vnd') }} as revenue_retention_rate
    from joined
    inner join month_zero on joined.cohort_month = month_zero.cohort_month

)

select * from final
