{#- Product affinity as of the as-of date (docs/traits.md "Affinity and intent"): per customer and product
    with a signal, the sum of the signals' decayed weights (int_customer_product_signals_weighted), the
    signal counts, and the retargeting list: the customer's products viewed and never bought (up to the
    as-of date), latest viewed first, the first retargeting_max_products of them. Grain: one row per
    customer_id x product_slug. -#}
{%- set max_products = cdp.positive_number_var('retargeting_max_products') -%}
with

signals as (

    select * from {{ ref('int_customer_product_signals_weighted') }}

),

summed as (

    select
        customer_id,
        product_slug,
        max(category) as category,
        max(as_of_date) as as_of_date,
        -- Rounded before ranking: engines sum floating-point weights in different orders, and equal
        -- scores must tie (then the name decides) on every engine.
        {{ cdp.round_float("sum(decayed_weight)", 6) }} as affinity_score,
        count(case when signal_type = 'product_view' then 1 end) as view_count,
        count(case when signal_type = 'add_to_cart' then 1 end) as cart_count,
        count(case when signal_type = 'purchase' then 1 end) as purchase_count,
        max(case when signal_type = 'product_view' then occurred_at end) as last_viewed_at,
        max(case when signal_type = 'purchase' then occurred_at end) as last_purchased_at
    from signals
    group by customer_id, product_slug

),

flagged as (

    select
        *,
        purchase_count > 0 as is_bought,
        view_count > 0 and purchase_count = 0 as is_viewed_not_bought
    from summed

),

ranked as (

    select
        *,
        row_number() over (
            partition by customer_id
            order by affinity_score desc, product_slug asc
        ) as affinity_rank,
        row_number() over (
            partition by customer_id, is_viewed_not_bought
            order by last_viewed_at desc, product_slug asc
        ) as rank_within_viewed_not_bought
    from flagged

),

final as (

    select
        {{ dbt.concat(['customer_id', "'|'", 'product_slug']) }} as customer_product_key,
        customer_id,
        product_slug,
        category,
        as_of_date,
        affinity_score,
        affinity_rank,
        view_count,
        cart_count,
        purchase_count,
        is_bought,
        last_viewed_at,
        last_purchased_at,
        case when is_viewed_not_bought then rank_within_viewed_not_bought end as retargeting_rank,
        is_viewed_not_bought and rank_within_viewed_not_bought <= {{ max_products }} as is_retargeted
    from ranked

)

select * from final
