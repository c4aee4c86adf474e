{#- Contract output: the lines of online orders (docs/marts.md, fct_order_items). A line's net amount
    is its share of the order's net amount in proportion to its gross (unit price x quantity), so
    discounts, refunds and cancellations are spread over the lines and the lines of an order sum
    exactly to fct_orders.net_amount_vnd: each line gets round(net x weight up to and including it /
    order weight) - round(net x weight before it / order weight). Lines whose order is not in
    fct_orders (quarantined or never delivered) are kept with has_order = false and null currency,
    customer, dates and VND amounts. Grain: one row per order_item_key. -#}
with

items as (

    select * from {{ ref('stg_shop__order_items') }}

),

orders as (

    select
        order_key,
        customer_id,
        is_customer_erased,
        ordered_at,
        order_date,
        status,
        is_completed,
        currency,
        net_amount_vnd
    from {{ ref('int_orders_unioned') }}
    where source_table = 'shop_orders'

),

keyed as (

    select
        {{ dbt.concat(["'shop_orders:'", 'order_id']) }} as order_key,
        *,
        unit_price * quantity as line_amount
    from items

),

joined as (

    select
        keyed.order_key,
        keyed.order_id,
        keyed.line_number,
        keyed.sku,
        keyed.product_name,
        keyed.category,
        keyed.quantity,
        keyed.unit_price,
        keyed.line_amount,
        orders.order_key is not null as has_order,
        orders.customer_id,
        orders.is_customer_erased,
        orders.ordered_at,
        orders.order_date,
        orders.status as order_status,
        orders.is_completed,
        orders.currency,
        orders.net_amount_vnd as order_net_amount_vnd
    from keyed
    left join orders on keyed.order_key = orders.order_key

),

order_weights as (

    {#- Weight: the line's gross; when every line of an order is free, the lines share equally. The
        order's total weight is an aggregate joined back (a window over every line's order cost twice
        as much at 3M lines). -#}
    select
        order_key,
        sum(line_amount) > 0 as has_gross,
        case when sum(line_amount) > 0 then sum(line_amount) else count(*) end as order_weight
    from keyed
    group by order_key

),

weighted as (

    select
        joined.*,
        order_weights.order_weight,
        case when order_weights.has_gross then joined.line_amount else 1 end as allocation_weight
    from joined
    inner join order_weights on joined.order_key = order_weights.order_key

),

cumulated as (

    select
        *,
        sum(allocation_weight) over (
            partition by order_key
            order by line_number
            rows between unbounded preceding and current row
        ) as cumulative_weight
    from weighted

),

shares as (

    {#- The order's net up to and including the line, and up to the line before it, in VND. -#}
    select
        *,
        cast(order_net_amount_vnd as {{ cdp.type_double() }})
        * (cast(cumulative_weight as {{ cdp.type_double() }}) / cast(order_weight as {{ cdp.type_double() }}))
            as net_through_line_vnd,
        cast(order_net_amount_vnd as {{ cdp.type_double() }})
        * (cast(cumulative_weight - allocation_weight as {{ cdp.type_double() }}) / cast(order_weight as {{ cdp.type_double() }}))
            as net_before_line_vnd
    from cumulated

),

final as (

    select
        {{ dbt.concat(['order_key', "'#'", dbt.safe_cast('line_number', dbt.type_string())]) }} as order_item_key,
        order_key,
        order_id,
        line_number,
        has_order,
        customer_id,
        is_customer_erased,
        ordered_at,
        order_date,
        order_status,
        is_completed,
        sku,
        product_name,
        category,
        quantity,
        currency,
        unit_price,
        {{ cdp.amount_to_vnd('unit_price', 'currency') }} as unit_price_vnd,
        {{ cdp.amount_to_vnd('line_amount', 'currency') }} as gross_amount_vnd,
        cast(
            {{ cdp.round_float('net_through_line_vnd', 0) }} - {{ cdp.round_float('net_before_line_vnd', 0) }}
            as {{ dbt.type_numeric() }}
        ) as net_amount_vnd
    from shares

)

select * from final
