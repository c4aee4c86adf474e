with

base as (

    select * from {{ ref('base_shop__order_items') }}

),

final as (

    select
        order_item_id,
        order_id,
        line_number,
        sku,
        product_name,
        category,
        quantity,
        unit_price
    from base
    where quarantine_reason is null and not is_duplicate

)

select * from final
