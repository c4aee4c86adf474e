{#- Contract output: the lines of online orders (docs/marts.md, fct_order_items). A line's net amount
    is its share of the order's net amount in proportion to its gross (unit price x quantity), so
    discounts, refunds and cancellations are spread over the lines and the lines of an order sum
    exactly to fct_orders.net_amount_vnd: each line gets round(net x weight up to and including it /
    order weight) - round(net x weight before it / order weight). Lines whose order is not in
    fct_orders (quarantined or never delivered) are kept with has_order = false and null currency,
    customer, dates and VND amounts. Grain: one row per order_item_key.
    Incremental where var staging_incremental is true (DuckDB, PostgreSQL; docs/scaling.md "Incremental
    runs"): a line depends on nothing but the lines of its order and the order's row, so each order's
    lines and order row are fingerprinted together (inputs_fingerprint, macro fingerprint_xor) and a run
    writes again only the orders that are new or whose fingerprint changed (a line added, edited or
    removed, the order's status, amount or customer changed: a merge, a split, an erasure), every line of
    each (delete+insert on order_item_key). The post_hook deletes the lines staging no longer yields.
    Elsewhere (var false, Spark) a table rebuilt in full with a null fingerprint. -#}
{%- set fingerprinted = cdp.incremental_materialization() == 'incremental' %}
{{ config(
    materialized=cdp.incremental_materialization(),
    unique_key='order_item_key',
    incremental_strategy='delete+insert',
    on_schema_change='fail',
    post_hook="{% if is_incremental() %}delete from {{ this }} as stored where not exists (select 1 from {{ ref('stg_shop__order_items') }} as staged where staged.order_id = stored.order_id and staged.line_number = stored.line_number){% endif %}"
) }}
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

{% if fingerprinted %}

fingerprints as (

    {#- Each order's lines and order row in one value, over every column the lines are computed from
        (the order's columns repeat on each of its lines). -#}
    select
        order_key,
        {{ cdp.fingerprint_xor([
            'line_number',
            'sku',
            'product_name',
            'category',
            'quantity',
            'unit_price',
            'has_order',
            'customer_id',
            'is_customer_erased',
            'ordered_at',
            'order_date',
            'order_status',
            'is_completed',
            'currency',
            'order_net_amount_vnd'
        ]) | indent(8) }} as inputs_fingerprint
    from joined
    group by order_key

),

{% endif %}
{% if is_incremental() %}

stored as (

    {#- Every line of an order is written by the same run, with the same fingerprint. -#}
    select distinct
        order_key,
        inputs_fingerprint
    from {{ this }}

),

{% endif %}
{% if fingerprinted %}

written_orders as (

    {#- The orders this run writes: on an incremental run the new ones and those whose fingerprint
        changed; else every one (macro rows_to_write). -#}
    {{ cdp.rows_to_write('fingerprints', 'order_key', 'fingerprints') | indent(4) }}

),

{% endif %}
written_lines as (

    select
        joined.*,
        {% if fingerprinted -%}
            written_orders.inputs_fingerprint
        {%- else -%}
            cast(null as {{ dbt.type_bigint() }}) as inputs_fingerprint
        {%- endif %}
    from joined
    {%- if fingerprinted %}
    inner join written_orders on joined.order_key = written_orders.order_key
    {%- endif %}

),

order_weights as (

    {#- Weight: the line's gross; when every line of an order is free, the lines share equally. The
        order's total weight is an aggregate joined back (a window over every line's order cost twice
        as much at 3M lines). -#}
    select
        order_key,
        sum(line_amount) > 0 as has_gross,
        case when sum(line_amount) > 0 then sum(line_amount) else count(*) end as order_weight
    from written_lines
    group by order_key

),

weighted as (

    select
        written_lines.*,
        order_weights.order_weight,
        case when order_weights.has_gross then written_lines.line_amount else 1 end as allocation_weight
    from written_lines
    inner join order_weights on written_lines.order_key = order_weights.order_key

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
        ) as net_amount_vnd,
        inputs_fingerprint
    from shares

)

select * from final
