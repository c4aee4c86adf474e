{#- Category affinity as of the as-of date (docs/traits.md "Affinity and intent"): per customer and product
    category with a signal, the sum of the signals' decayed weights (int_customer_product_signals_weighted;
    signals on products of no known category are left out), whether the customer bought in it, its rank,
    and the next-best category: the customer's most affine category not bought yet. Ties go to the
    category name. Grain: one row per customer_id x category. -#}
with

signals as (

    select * from {{ ref('int_customer_product_signals_weighted') }}
    where category is not null

),

summed as (

    select
        customer_id,
        category,
        max(as_of_date) as as_of_date,
        -- Rounded before ranking: engines sum floating-point weights in different orders, and equal
        -- scores must tie (then the name decides) on every engine.
        {{ cdp.round_float("sum(decayed_weight)", 6) }} as affinity_score,
        count(case when signal_type = 'product_view' then 1 end) as view_count,
        count(case when signal_type = 'add_to_cart' then 1 end) as cart_count,
        count(case when signal_type = 'purchase' then 1 end) as purchase_count
    from signals
    group by customer_id, category

),

ranked as (

    select
        *,
        purchase_count > 0 as is_bought,
        row_number() over (
            partition by customer_id
            order by affinity_score desc, category asc
        ) as affinity_rank,
        row_number() over (
            partition by customer_id, purchase_count > 0
            order by affinity_score desc, category asc
        ) as rank_within_bought
    from summed

),

final as (

    select
        {{ dbt.concat(['customer_id', "'|'", 'category']) }} as customer_category_key,
        customer_id,
        category,
        as_of_date,
        affinity_score,
        affinity_rank,
        view_count,
        cart_count,
        purchase_count,
        is_bought,
        not is_bought and rank_within_bought = 1 as is_next_best
    from ranked

)

select * from final
