{#- The lines of every online order in fct_orders sum exactly to its net amount in VND (an order
    without lines is skipped). Returns the orders where they do not. -#}
with

orders as (

    select
        order_key,
        net_amount_vnd
    from {{ ref('fct_orders') }}
    where source_table = 'shop_orders'

),

line_sums as (

    select
        order_key,
        sum(net_amount_vnd) as lines_net_amount_vnd
    from {{ ref('fct_order_items') }}
    where has_order
    group by order_key

),

final as (

    select
        orders.order_key,
        orders.net_amount_vnd,
        line_sums.lines_net_amount_vnd
    from orders
    inner join line_sums on orders.order_key = line_sums.order_key
    where orders.net_amount_vnd != line_sums.lines_net_amount_vnd

)

select * from final
