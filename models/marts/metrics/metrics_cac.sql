{#- Customer acquisition cost (docs/metrics.md, CAC) per Vietnamese business month and acquisition
    touch. Spend: stg_ads__spend in VND, by the month of its spend_date (the local calendar day the
    platform reports). New customers: int_customers_acquired, first touch (from UTM tags, lead
    platform and campaign; direct counts), in the local month of their first completed order. Spend
    without new customers and new customers without spend (organic, direct, a campaign whose spend
    was not delivered) are both rows. Historical CLV is the new customers' net revenue to date; CLV
    (clv_vnd, of clv_to_cac_ratio) is customer_clv's value at the calibration end plus its prediction
    over the horizon (a customer without a prediction: the historical CLV to date); the payback month is the first month since acquisition whose cumulative net revenue of the cohort
    reaches its spend. Grain: one row per acquisition_month x channel x platform x campaign_id
    (platform and campaign_id null for direct and organic touches without them). -#}
with

acquisitions as (

    select
        customer_id,
        acquisition_month,
        acquisition_channel as channel,
        acquisition_platform as platform,
        acquisition_campaign_id as campaign_id
    from {{ ref('int_customers_acquired') }}

),

spend as (

    select
        cast({{ dbt.date_trunc('month', 'spend_date') }} as date) as acquisition_month,
        channel,
        platform,
        campaign_id,
        spend_vnd
    from {{ ref('stg_ads__spend') }}

),

orders as (

    select
        customer_id,
        order_month,
        net_amount_vnd
    from {{ ref('fct_orders') }}
    where is_completed and customer_id is not null

),

customer_clv as (

    select
        customer_id,
        historical_clv_vnd,
        predicted_clv_vnd
    from {{ ref('customer_clv') }}

),

customer_revenue as (

    select
        customer_id,
        sum(net_amount_vnd) as revenue_to_date_vnd
    from orders
    group by customer_id

),

customer_values as (

    {#- Per new customer: historical CLV to date; predicted CLV over the horizon and the lifetime
        value (net revenue to the calibration end + predicted), or the historical CLV to date when
        customer_clv has no prediction (first purchase after the calibration end, or no Gamma-Gamma
        expected value). -#}
    select
        acquisitions.acquisition_month,
        acquisitions.channel,
        acquisitions.platform,
        acquisitions.campaign_id,
        coalesce(customer_revenue.revenue_to_date_vnd, 0) as historical_clv_vnd,
        customer_clv.predicted_clv_vnd,
        coalesce(
            customer_clv.historical_clv_vnd + customer_clv.predicted_clv_vnd,
            customer_revenue.revenue_to_date_vnd,
            0
        ) as clv_vnd
    from acquisitions
    left join customer_revenue on acquisitions.customer_id = customer_revenue.customer_id
    left join customer_clv on acquisitions.customer_id = customer_clv.customer_id

),

acquired_orders as (

    {#- Every completed order of a new customer, in months since the customer's acquisition. -#}
    select
        acquisitions.acquisition_month,
        acquisitions.channel,
        acquisitions.platform,
        acquisitions.campaign_id,
        {{ dbt.datediff('acquisitions.acquisition_month', 'orders.order_month', 'month') }}
            as months_since_acquisition,
        orders.net_amount_vnd
    from acquisitions
    inner join orders on acquisitions.customer_id = orders.customer_id

),

touch_rows as (

    {#- Spend and customers stacked, then summed per grain: no join on keys that may be null. -#}
    select
        acquisition_month,
        channel,
        platform,
        campaign_id,
        spend_vnd,
        0 as new_customers,
        0 as historical_clv_vnd,
        0 as predicted_clv_vnd,
        0 as clv_vnd
    from spend
    union all
    select
        acquisition_month,
        channel,
        platform,
        campaign_id,
        0 as spend_vnd,
        1 as new_customers,
        historical_clv_vnd,
        coalesce(predicted_clv_vnd, 0) as predicted_clv_vnd,
        clv_vnd
    from customer_values

),

aggregated as (

    select
        acquisition_month,
        channel,
        platform,
        campaign_id,
        sum(spend_vnd) as spend_vnd,
        sum(new_customers) as new_customers,
        sum(historical_clv_vnd) as historical_clv_vnd,
        sum(predicted_clv_vnd) as predicted_clv_vnd,
        sum(clv_vnd) as clv_vnd
    from touch_rows
    group by
        acquisition_month,
        channel,
        platform,
        campaign_id

),

cohort_months as (

    select
        acquisition_month,
        channel,
        platform,
        campaign_id,
        months_since_acquisition,
        sum(net_amount_vnd) as revenue_vnd
    from acquired_orders
    group by
        acquisition_month,
        channel,
        platform,
        campaign_id,
        months_since_acquisition

),

cohort_cumulated as (

    select
        *,
        sum(revenue_vnd) over (
            partition by acquisition_month, channel, platform, campaign_id
            order by months_since_acquisition
            rows between unbounded preceding and current row
        ) as cumulative_revenue_vnd
    from cohort_months

),

paybacks as (

    {#- Only rows with spend can pay back, and a spend row's keys are never null (staging), so the
        equality join is enough. -#}
    select
        aggregated.acquisition_month,
        aggregated.channel,
        aggregated.platform,
        aggregated.campaign_id,
        min(cohort_cumulated.months_since_acquisition) as payback_months
    from aggregated
    inner join cohort_cumulated
        on
            aggregated.acquisition_month = cohort_cumulated.acquisition_month
            and aggregated.channel = cohort_cumulated.channel
            and aggregated.platform = cohort_cumulated.platform
            and aggregated.campaign_id = cohort_cumulated.campaign_id
    where
        aggregated.spend_vnd > 0
        and cohort_cumulated.cumulative_revenue_vnd >= aggregated.spend_vnd
    group by
        aggregated.acquisition_month,
        aggregated.channel,
        aggregated.platform,
        aggregated.campaign_id

),

final as (

    select
        aggregated.acquisition_month,
        aggregated.channel,
        aggregated.platform,
        aggregated.campaign_id,
        aggregated.channel in {{ cdp.sql_string_list(var('ad_channels')) }} as is_paid_channel,
        aggregated.spend_vnd,
        cast(aggregated.new_customers as {{ dbt.type_bigint() }}) as new_customers,
        {{ cdp.ratio('aggregated.spend_vnd', 'aggregated.new_customers') }} as cac_vnd,
        aggregated.historical_clv_vnd,
        {{ cdp.ratio('aggregated.historical_clv_vnd', 'aggregated.new_customers') }} as avg_historical_clv_vnd,
        case
            when aggregated.new_customers > 0
                then {{ cdp.ratio('aggregated.historical_clv_vnd', 'aggregated.spend_vnd') }}
        end as historical_clv_to_cac_ratio,
        aggregated.predicted_clv_vnd,
        aggregated.clv_vnd,
        case
            when aggregated.new_customers > 0
                then {{ cdp.ratio('aggregated.clv_vnd', 'aggregated.spend_vnd') }}
        end as clv_to_cac_ratio,
        cast(paybacks.payback_months as integer) as payback_months
    from aggregated
    left join paybacks
        on
            aggregated.acquisition_month = paybacks.acquisition_month
            and aggregated.channel = paybacks.channel
            and aggregated.platform = paybacks.platform
            and aggregated.campaign_id = paybacks.campaign_id

)

select * from final
