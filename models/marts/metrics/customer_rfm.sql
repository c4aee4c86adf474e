{#- Recency, frequency and monetary value of every customer with a completed order, their 1-5 scores,
    the named segment (seed rfm_segments) and churn. The reference date is the CLV calibration end:
    var clv_calibration_end_date when set, else the last order date in fct_orders (the end of the
    data); orders after it are left out. Grain: one row per customer_id. -#}
{%- set calibration_end = cdp.calibration_end_date() -%}
with

all_orders as (

    select
        customer_id,
        order_date,
        is_completed,
        net_amount_vnd
    from {{ ref('fct_orders') }}

),

reference as (

    {% if calibration_end -%}
        select cast('{{ calibration_end }}' as date) as reference_date
    {%- else -%}
        select max(order_date) as reference_date
        from all_orders
    {%- endif %}

),

orders as (

    select
        customer_id,
        order_date,
        net_amount_vnd
    from all_orders
    where is_completed and customer_id is not null

),

customers as (

    select
        orders.customer_id,
        reference.reference_date,
        min(orders.order_date) as first_order_date,
        max(orders.order_date) as last_order_date,
        count(*) as frequency_orders,
        sum(orders.net_amount_vnd) as monetary_vnd
    from orders
    cross join reference
    where orders.order_date <= reference.reference_date
    group by
        orders.customer_id,
        reference.reference_date

),

ranked as (

    {#- Worst first: the longest silence, the fewest orders, the least money. -#}
    select
        *,
        {{ dbt.datediff('last_order_date', 'reference_date', 'day') }} as days_since_last_order,
        rank() over (order by last_order_date asc) as r_rank,
        rank() over (order by frequency_orders asc) as f_rank,
        rank() over (order by monetary_vnd asc) as m_rank,
        count(*) over () as customers
    from customers

),

scored as (

    select
        customer_id,
        reference_date,
        first_order_date,
        last_order_date,
        days_since_last_order,
        frequency_orders,
        monetary_vnd,
        {{ cdp.quintile_score('r_rank', 'customers') }} as r_score,
        {{ cdp.quintile_score('f_rank', 'customers') }} as f_score,
        {{ cdp.quintile_score('m_rank', 'customers') }} as m_score
    from ranked

),

segments as (

    select
        rfm_segment,
        r_score_min,
        r_score_max,
        f_score_min,
        f_score_max
    from {{ ref('rfm_segments') }}

),

final as (

    select
        scored.customer_id,
        scored.reference_date,
        scored.first_order_date,
        scored.last_order_date,
        scored.days_since_last_order,
        scored.frequency_orders,
        scored.monetary_vnd,
        scored.r_score,
        scored.f_score,
        scored.m_score,
        {{ dbt.concat([
            dbt.safe_cast('scored.r_score', dbt.type_string()),
            dbt.safe_cast('scored.f_score', dbt.type_string()),
            dbt.safe_cast('scored.m_score', dbt.type_string())
        ]) }} as rfm_cell,
        segments.rfm_segment,
        scored.days_since_last_order > {{ cdp.positive_number_var('churn_inactivity_days') }} as is_churned
    from scored
    left join segments
        on
            scored.r_score between segments.r_score_min and segments.r_score_max
            and scored.f_score between segments.f_score_min and segments.f_score_max

)

select * from final
