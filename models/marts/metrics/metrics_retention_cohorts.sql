{#- One line per monthly acquisition cohort, as of the reference date of customer_rfm: its size, the
    share of it that bought again (repeat-purchase rate) and the share churned (no completed order
    within var churn_inactivity_days before the reference date). Grain: one row per cohort_month. -#}
with

customers as (

    select
        customer_id,
        cast({{ dbt.date_trunc('month', 'first_order_date') }} as date) as cohort_month,
        frequency_orders,
        monetary_vnd,
        is_churned
    from {{ ref('customer_rfm') }}

),

aggregated as (

    select
        cohort_month,
        count(*) as cohort_size,
        count(case when frequency_orders >= 2 then 1 end) as repeat_customers,
        count(case when is_churned then 1 end) as churned_customers,
        sum(monetary_vnd) as revenue_to_date_vnd
    from customers
    group by cohort_month

),

final as (

    select
        cohort_month,
        cast(cohort_size as {{ dbt.type_bigint() }}) as cohort_size,
        cast(repeat_customers as {{ dbt.type_bigint() }}) as repeat_customers,
        {{ cdp.ratio('repeat_customers', 'cohort_size') }} as repeat_purchase_rate,
        cast(churned_customers as {{ dbt.type_bigint() }}) as churned_customers,
        {{ cdp.ratio('churned_customers', 'cohort_size') }} as churn_rate,
        revenue_to_date_vnd,
        {{ cdp.ratio('revenue_to_date_vnd', 'cohort_size') }} as revenue_to_date_per_customer_vnd
    from aggregated

)

select * from final
