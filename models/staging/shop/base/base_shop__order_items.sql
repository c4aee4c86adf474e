{%- set raw_columns = [
    'order_id',
    'line_number',
    'sku',
    'product_name',
    'category',
    'quantity',
    'unit_price'
] -%}

{{ cdp.staging_incremental_config('shop', 'shop_order_items', raw_columns) }}

with

{{ cdp.incremental_source(source('shop', 'shop_order_items'), key='order_id', raw_columns=raw_columns) }},

standardized as (

    select
        merge_key,
        raw_hash,
        _staged_at,
        {{ cdp.clean_text('order_id') }} as order_id,
        {{ cdp.safe_cast_integer('line_number') }} as line_number,
        {{ cdp.clean_text('sku') }} as sku,
        {{ cdp.clean_text('product_name') }} as product_name,
        lower({{ cdp.clean_text('category') }}) as category,
        {{ cdp.safe_cast_integer('quantity') }} as quantity,
        {{ cdp.parse_amount('unit_price') }} as unit_price,
        {{ cdp.raw_record(raw_columns) }} as raw_record
    from source

),

validated as (

    select
        *,
        {{ dbt.concat(['order_id', "'#'", dbt.safe_cast('line_number', dbt.type_string())]) }} as order_item_id,
        case
            when order_id is null or line_number is null then 'missing_key'
            when quantity is null or quantity <= 0 then 'invalid_quantity'
            when unit_price is null or unit_price < 0 then 'invalid_amount'
        end as quarantine_reason
    from standardized

),

final as (

    {{ cdp.flag_duplicates('validated', ['order_id', 'line_number']) }}

)

select * from final
