{#- Blended and paid customer acquisition cost per Vietnamese business month (docs/metrics.md, CAC),
    from metrics_cac: blended CAC = all ad spend / all new customers (paid and organic, direct
    included); paid CAC = all ad spend / the new customers acquired by a paid channel touch (every
    spend row is a paid channel: staging quarantines any other). Grain: one row per
    acquisition_month with spend or a new customer. -#}
with

cac as (

    select
        acquisition_month,
        is_paid_channel,
        spend_vnd,
        new_customers,
        historical_clv_vnd,
        clv_vnd
    from {{ ref('metrics_cac') }}

),

aggregated as (

    select
        acquisition_month,
        sum(spend_vnd) as spend_vnd,
        sum(new_customers) as new_customers,
        sum(case when is_paid_channel then new_customers else 0 end) as paid_new_customers,
        sum(historical_clv_vnd) as historical_clv_vnd,
        sum(clv_vnd) as clv_vnd
    from cac
    group by acquisition_month

),

final as (

    select
        acquisition_month,
        spend_vnd,
        cast(new_customers as {{ dbt.type_bigint() }}) as new_customers,
        cast(paid_new_customers as {{ dbt.type_bigint() }}) as paid_new_customers,
        cast(new_customers - paid_new_customers as {{ dbt.type_bigint() }}) as organic_new_customers,
        {{ cdp.ratio('spend_vnd', 'new_customers') }} as blended_cac_vnd,
        {{ cdp.ratio('spend_vnd', 'paid_new_customers') }} as paid_cac_vnd,
        historical_clv_vnd,
        case
            when new_customers > 0 then {{ cdp.ratio('historical_clv_vnd', 'spend_vnd') }}
        end as historical_clv_to_cac_ratio,
        clv_vnd,
        case
            when new_customers > 0 then {{ cdp.ratio('clv_vnd', 'spend_vnd') }}
        end as clv_to_cac_ratio
    from aggregated

)

select * from final
