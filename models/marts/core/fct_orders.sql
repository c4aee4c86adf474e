{#- Contract output: online orders and in-store transactions in one grain (docs/marts.md, fct_orders).
    The customer's order number counts completed orders only. Attribution: the order's own UTM tags;
    else the customer's last non-direct marketing touch (int_marketing_touches_unioned) at most
    var('attribution_lookback_days') before the order; else 'direct'. Grain: one row per order_key.
    Incremental where var staging_incremental is true (DuckDB, PostgreSQL; docs/scaling.md "Incremental
    runs"): an order's row depends on nothing but its own row of int_orders_unioned, its customer's other
    orders (the order number) and its customer's marketing touches (the attribution), so each customer's
    orders and touches are fingerprinted together, an order without customer alone (inputs_fingerprint,
    macro fingerprint_xor), and a run writes again only the orders whose fingerprint is new or changed:
    every order of a customer with a new, edited, moved or gone order or touch (delete+insert on
    order_key). The post_hook deletes the orders int_orders_unioned no longer holds. Elsewhere (var
    false, Spark) a table rebuilt in full with a null fingerprint. What only a full build picks up: a
    change of var attribution_lookback_days (it changes the attribution, not the inputs). -#}
{%- set lookback_days = cdp.positive_number_var('attribution_lookback_days') %}
{%- set fingerprinted = cdp.incremental_materialization() == 'incremental' %}
{#- Every column of int_orders_unioned that fct_orders carries or computes from. -#}
{%- set order_inputs = [
    'orders.order_key', 'orders.order_id', 'orders.source_table', 'orders.customer_id',
    'orders.is_customer_erased', 'orders.channel', 'orders.ordered_at', 'orders.ordered_at_local',
    'orders.order_date', 'orders.order_month', 'orders.status', 'orders.is_completed', 'orders.currency',
    'orders.total_amount', 'orders.gross_amount', 'orders.discount_amount', 'orders.net_amount',
    'orders.total_amount_vnd', 'orders.gross_amount_vnd', 'orders.discount_amount_vnd',
    'orders.net_amount_vnd', 'orders.refunded_amount_vnd', 'orders.store_id', 'orders.province_code',
    'orders.payment_method', 'orders.utm_source', 'orders.utm_medium', 'orders.utm_campaign',
    'orders.marketing_channel', 'orders.platform'
] %}
{{ config(
    materialized=cdp.incremental_materialization(),
    unique_key='order_key',
    incremental_strategy='delete+insert',
    on_schema_change='fail',
    post_hook="{% if is_incremental() %}delete from {{ this }} as stored where not exists (select 1 from {{ ref('int_orders_unioned') }} as orders where orders.order_key = stored.order_key){% endif %}"
) }}

with

orders as (

    select * from {{ ref('int_orders_unioned') }}

),

touches as (

    select
        touch_key,
        customer_id,
        touched_at,
        touch_kind,
        touch_rank,
        channel,
        platform,
        campaign_id
    from {{ ref('int_marketing_touches_unioned') }}
    {#- Last non-direct touch: a visit or order without tags says nothing about what brought the customer. #}
    where channel != 'direct'

),

{% if fingerprinted %}

touch_fingerprints as (

    select
        customer_id,
        {{ cdp.fingerprint_xor([
            'touch_key',
            'touched_at',
            'touch_kind',
            'touch_rank',
            'channel',
            'platform',
            'campaign_id'
        ]) | indent(8) }} as touches_fingerprint
    from touches
    group by customer_id

),

customer_fingerprints as (

    {#- A customer's orders and, on each, the fingerprint of the customer's touches. -#}
    select
        orders.customer_id,
        {{ cdp.fingerprint_xor(order_inputs + ['touch_fingerprints.touches_fingerprint']) | indent(8) }}
            as inputs_fingerprint
    from orders
    left join touch_fingerprints on orders.customer_id = touch_fingerprints.customer_id
    where orders.customer_id is not null
    group by orders.customer_id

),

order_fingerprints as (

    select
        orders.order_key,
        customer_fingerprints.inputs_fingerprint
    from orders
    inner join customer_fingerprints on orders.customer_id = customer_fingerprints.customer_id
    union all
    {#- An order without customer is numbered and attributed by its own row alone. #}
    select
        orders.order_key,
        {{ cdp.fingerprint_xor(order_inputs) | indent(8) }} as inputs_fingerprint
    from orders
    where orders.customer_id is null
    group by orders.order_key

),

{% endif %}
{% if is_incremental() %}

stored as (

    select
        order_key,
        inputs_fingerprint
    from {{ this }}

),

{% endif %}
written as (

    {#- The orders this run writes: on an incremental run those whose fingerprint is new or changed,
        every order of such a customer; else every one (macro rows_to_write; every order has a
        fingerprint). -#}
    {{ cdp.rows_to_write('orders', 'order_key', 'order_fingerprints' if fingerprinted else none) | indent(4) }}

),

numbered as (

    select
        order_key,
        row_number() over (partition by customer_id order by ordered_at, order_key) as customer_order_number
    from written
    where is_completed and customer_id is not null

),

untagged_orders as (

    {#- Orders whose own UTM tags do not name a marketing channel: attributed to an earlier touch. -#}
    select
        order_key,
        customer_id,
        ordered_at
    from written
    where marketing_channel = 'direct' and customer_id is not null

),

earlier_touches as (

    select
        untagged_orders.order_key,
        touches.channel,
        touches.platform,
        touches.campaign_id,
        touches.touch_kind,
        touches.touch_key,
        touches.touched_at,
        row_number() over (
            partition by untagged_orders.order_key
            order by touches.touched_at desc, touches.touch_rank desc, touches.touch_key desc
        ) as recency_rank
    from untagged_orders
    inner join touches
        on
            untagged_orders.customer_id = touches.customer_id
            and untagged_orders.ordered_at >= touches.touched_at
            and {{ dbt.dateadd('day', -lookback_days, 'untagged_orders.ordered_at') }} <= touches.touched_at
            and untagged_orders.order_key != touches.touch_key

),

attributions as (

    select
        order_key,
        marketing_channel as channel,
        platform,
        utm_campaign as campaign_id,
        'order_utm' as attribution_source,
        'online_order' as touch_kind,
        order_key as touch_key,
        ordered_at as touched_at
    from written
    where marketing_channel != 'direct'
    union all
    select
        order_key,
        channel,
        platform,
        campaign_id,
        'last_touch' as attribution_source,
        touch_kind,
        touch_key,
        touched_at
    from earlier_touches
    where recency_rank = 1

),

final as (

    select
        written.order_key,
        written.order_id,
        written.source_table,
        written.customer_id,
        written.is_customer_erased,
        written.channel,
        written.ordered_at,
        written.ordered_at_local,
        written.order_date,
        written.order_month,
        written.status,
        written.is_completed,
        written.currency,
        written.total_amount,
        written.gross_amount,
        written.discount_amount,
        written.net_amount,
        written.total_amount_vnd,
        written.gross_amount_vnd,
        written.discount_amount_vnd,
        written.net_amount_vnd,
        written.refunded_amount_vnd,
        written.store_id,
        written.province_code,
        written.payment_method,
        written.utm_source,
        written.utm_medium,
        written.utm_campaign,
        written.marketing_channel,
        written.platform,
        numbered.customer_order_number,
        case when written.customer_id is not null then coalesce(numbered.customer_order_number = 1, false) end as is_first_order,
        coalesce(attributions.channel, 'direct') as attributed_channel,
        attributions.platform as attributed_platform,
        attributions.campaign_id as attributed_campaign_id,
        coalesce(attributions.attribution_source, 'none') as attribution_source,
        attributions.touch_kind as attributed_touch_kind,
        attributions.touch_key as attributed_touch_key,
        attributions.touched_at as attributed_touch_at,
        written.inputs_fingerprint
    from written
    left join numbered on written.order_key = numbered.order_key
    left join attributions on written.order_key = attributions.order_key

)

select * from final
