{#- The product signals of identified customers up to the as-of date (var traits_as_of_date, docs/traits.md
    "Affinity and intent"): product views (web and app, stitched browsing included), add_to_cart events
    (the product last viewed in the same session at or before the cart; a cart without one is left out) and
    paid online order lines. Each carries its product (slug), the product's category (the catalogue of
    order lines: a product never sold has none), its Vietnamese days before the as-of date and its weight
    (var affinity_signal_weights; a signal left out of it is ignored) halved every affinity_half_life_days.
    Grain: one row per signal_key. -#}
{%- set half_life = cdp.positive_number_var('affinity_half_life_days') -%}
with

events as (

    select * from {{ ref('fct_customer_events') }}
    where customer_id is not null

),

order_items as (

    select * from {{ ref('fct_order_items') }}

),

as_of as (

    {{ cdp.customer_traits_as_of_date() }}

),

catalogue as (

    select
        lower(sku) as product_slug,
        max(category) as category
    from order_items
    where sku is not null
    group by lower(sku)

),

views as (

    select
        event_key as signal_key,
        customer_id,
        'product_view' as signal_type,
        product_slug,
        session_key,
        occurred_at
    from events
    where event_type = 'product_view' and product_slug is not null

),

carts as (

    select
        event_key,
        customer_id,
        session_key,
        occurred_at
    from events
    where event_type = 'add_to_cart' and session_key is not null

),

carts_viewed as (

    {#- The product last viewed in the cart's session at or before it (ties: the smaller slug). -#}
    select
        carts.event_key as signal_key,
        carts.customer_id,
        'add_to_cart' as signal_type,
        views.product_slug,
        carts.occurred_at,
        row_number() over (
            partition by carts.event_key
            order by views.occurred_at desc, views.product_slug asc
        ) as view_rank
    from carts
    inner join views
        on
            carts.session_key = views.session_key
            and carts.occurred_at >= views.occurred_at

),

purchases as (

    select
        order_item_key as signal_key,
        customer_id,
        'purchase' as signal_type,
        lower(sku) as product_slug,
        ordered_at as occurred_at
    from order_items
    {#- An erased person's order lines stay in revenue under an anonymous key, never as her affinity. #}
    where is_completed and customer_id is not null and not is_customer_erased and sku is not null

),

signals as (

    select
        signal_key,
        customer_id,
        signal_type,
        product_slug,
        occurred_at
    from views
    union all
    select
        signal_key,
        customer_id,
        signal_type,
        product_slug,
        occurred_at
    from carts_viewed
    where view_rank = 1
    union all
    select
        signal_key,
        customer_id,
        signal_type,
        product_slug,
        occurred_at
    from purchases

),

localised as (

    select
        signals.*,
        {{ cdp.local_date('signals.occurred_at') }} as signal_date,
        as_of.as_of_date
    from signals
    cross join as_of

),

dated as (

    select
        *,
        {{ dbt.datediff('signal_date', 'as_of_date', 'day') }} as days_before_as_of,
        {{ cdp.traits_weight_case('signal_type', 'affinity_signal_weights', ['product_view', 'add_to_cart', 'purchase']) }} as signal_weight
    from localised
    where
        signal_date <= as_of_date
        and signal_type in {{ cdp.sql_string_list(var('affinity_signal_weights').keys() | list) }}

),

final as (

    select
        dated.signal_key,
        dated.customer_id,
        dated.signal_type,
        dated.product_slug,
        catalogue.category,
        dated.occurred_at,
        dated.signal_date,
        dated.as_of_date,
        dated.days_before_as_of,
        dated.signal_weight,
        dated.signal_weight
        * power(0.5, cast(dated.days_before_as_of as {{ cdp.type_double() }}) / {{ half_life }}) as decayed_weight
    from dated
    left join catalogue on dated.product_slug = catalogue.product_slug

)

select * from final
