{#- The BG/NBD and Gamma-Gamma summary of every customer with a completed order on or before the CLV
    calibration end (var clv_calibration_end_date, else the last order date whatever its status, as
    customer_rfm's reference date), exactly as cdp.clv.summarise_transactions defines it. A purchase is a local
    business day (cdp.local_date, var source_timezone) with at least one completed order: several
    orders on one day are one purchase of their summed net_amount_vnd; refunded, cancelled and pending
    orders are no purchase. In time units of var clv_time_unit_days days (7: weeks):
    frequency = purchase days - 1; recency = (last - first purchase day) / unit; tenure =
    (calibration end - first purchase day) / unit; monetary_value = the mean net spend of the repeat
    purchase days (the first day left out), 0 without repeat purchases.
    Grain: one row per customer_id. -#}
{%- set calibration_end = cdp.calibration_end_date() -%}
{%- set time_unit_days = cdp.positive_number_var('clv_time_unit_days') -%}
with

orders as (

    select
        customer_id,
        order_date,
        is_completed,
        net_amount_vnd
    from {{ ref('int_orders_unioned') }}

),

calibration as (

    {% if calibration_end -%}
        select cast('{{ calibration_end }}' as date) as calibration_end_date
    {%- else -%}
        select max(order_date) as calibration_end_date
        from orders
    {%- endif %}

),

purchase_days as (

    select
        orders.customer_id,
        orders.order_date as purchase_date,
        sum(orders.net_amount_vnd) as net_amount_vnd,
        count(*) as order_count
    from orders
    cross join calibration
    where
        orders.is_completed
        and orders.customer_id is not null
        and orders.order_date <= calibration.calibration_end_date
    group by
        orders.customer_id,
        orders.order_date

),

numbered as (

    select
        *,
        row_number() over (partition by customer_id order by purchase_date) as purchase_day_number
    from purchase_days

),

customers as (

    select
        customer_id,
        min(purchase_date) as first_purchase_date,
        max(purchase_date) as last_purchase_date,
        count(*) as purchase_days,
        sum(order_count) as completed_orders,
        sum(net_amount_vnd) as net_revenue_vnd,
        avg(case when purchase_day_number > 1 then net_amount_vnd end) as repeat_day_mean_vnd
    from numbered
    group by customer_id

),

final as (

    select
        customers.customer_id,
        calibration.calibration_end_date,
        cast({{ time_unit_days }} as {{ cdp.type_double() }}) as time_unit_days,
        customers.first_purchase_date,
        customers.last_purchase_date,
        customers.purchase_days,
        customers.completed_orders,
        customers.net_revenue_vnd,
        customers.purchase_days - 1 as frequency,
        cast(
            {{ dbt.datediff('customers.first_purchase_date', 'customers.last_purchase_date', 'day') }}
            as {{ cdp.type_double() }}
        ) / {{ time_unit_days }} as recency,
        cast(
            {{ dbt.datediff('customers.first_purchase_date', 'calibration.calibration_end_date', 'day') }}
            as {{ cdp.type_double() }}
        ) / {{ time_unit_days }} as tenure,
        cast(coalesce(customers.repeat_day_mean_vnd, 0) as {{ cdp.type_double() }}) as monetary_value
    from customers
    cross join calibration

)

select * from final
