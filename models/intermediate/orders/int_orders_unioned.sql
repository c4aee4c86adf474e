{#- Online orders and in-store transactions in one grain, with the customer each belongs to, the net
    rule and the local business dates (docs/marts.md, fct_orders). Grain: one row per staged order or
    transaction. -#}
with

shop_orders as (

    select * from {{ ref('stg_shop__orders') }}

),

pos_transactions as (

    select * from {{ ref('stg_pos__transactions') }}

),

customer_records as (

    {#- The current customer of every identity record: what marts.customer_identity_map publishes. -#}
    select
        record_key,
        customer_id
    from {{ ref('int_customer_ids_retained') }}

),

erased_records as (

    {#- Erasure (docs/privacy.md): the order of an erased person stays in revenue under the anonymous key
        of its request (erased_<hash>), with nothing that names her. -#}
    select
        record_key,
        erased_customer_key
    from {{ ref('int_erasure_records_resolved') }}

),

online_orders as (

    select
        {{ dbt.concat(["'shop_orders:'", 'order_id']) }} as order_key,
        order_id,
        'shop_orders' as source_table,
        'online' as channel,
        ordered_at,
        status,
        currency,
        total_amount,
        discount_amount,
        total_amount_vnd,
        discount_amount_vnd,
        cast(null as {{ dbt.type_string() }}) as store_id,
        shipping_province_code as province_code,
        cast(null as {{ dbt.type_string() }}) as payment_method,
        utm_source,
        utm_medium,
        utm_campaign
    from shop_orders

),

in_store_orders as (

    select
        {{ dbt.concat(["'pos_transactions:'", 'transaction_id']) }} as order_key,
        transaction_id as order_id,
        'pos_transactions' as source_table,
        'in_store' as channel,
        transacted_at as ordered_at,
        'paid' as status,
        currency,
        total_amount,
        cast(0 as {{ dbt.type_numeric() }}) as discount_amount,
        total_amount_vnd,
        cast(0 as {{ dbt.type_numeric() }}) as discount_amount_vnd,
        store_id,
        store_province_code as province_code,
        payment_method,
        cast(null as {{ dbt.type_string() }}) as utm_source,
        cast(null as {{ dbt.type_string() }}) as utm_medium,
        cast(null as {{ dbt.type_string() }}) as utm_campaign
    from pos_transactions

),

unioned as (

    select * from online_orders
    union all
    select * from in_store_orders

),

completed as (

    {#- The net rule, defined here once: only a paid order is revenue (total_amount, already after
        discount); refunded and cancelled orders are worth 0, and so is a pending one until it is paid. -#}
    select
        *,
        status = 'paid' as is_completed,
        {{ cdp.utm_key('utm_source', 'utm_medium') }} as utm_key
    from unioned

),

final as (

    select
        completed.order_key,
        completed.order_id,
        completed.source_table,
        coalesce(customer_records.customer_id, erased_records.erased_customer_key) as customer_id,
        erased_records.record_key is not null as is_customer_erased,
        completed.channel,
        completed.ordered_at,
        {{ cdp.to_local_timestamp('completed.ordered_at') }} as ordered_at_local,
        {{ cdp.local_date('completed.ordered_at') }} as order_date,
        {{ cdp.local_month('completed.ordered_at') }} as order_month,
        completed.status,
        completed.is_completed,
        completed.currency,
        completed.total_amount,
        completed.total_amount + completed.discount_amount as gross_amount,
        completed.discount_amount,
        case when completed.is_completed then completed.total_amount else 0 end as net_amount,
        completed.total_amount_vnd,
        completed.total_amount_vnd + completed.discount_amount_vnd as gross_amount_vnd,
        completed.discount_amount_vnd,
        case when completed.is_completed then completed.total_amount_vnd else 0 end as net_amount_vnd,
        case when completed.status = 'refunded' then completed.total_amount_vnd else 0 end as refunded_amount_vnd,
        completed.store_id,
        completed.province_code,
        completed.payment_method,
        completed.utm_source,
        completed.utm_medium,
        completed.utm_campaign,
        {{ cdp.utm_marketing_channel('completed.utm_key') }} as marketing_channel,
        {{ cdp.utm_platform('completed.utm_key', 'completed.utm_source') }} as platform
    from completed
    left join customer_records on completed.order_key = customer_records.record_key
    left join erased_records on completed.order_key = erased_records.record_key

)

select * from final
