{%- set raw_columns = [
    'order_id',
    'customer_id',
    'email',
    'phone',
    'ordered_at',
    'status',
    'currency',
    'total_amount',
    'discount_amount',
    'shipping_province',
    'utm_source',
    'utm_medium',
    'utm_campaign'
] -%}

{{ cdp.staging_incremental_config('shop', 'shop_orders', raw_columns) }}

{%- set month_first = cdp.source_month_first('shop_orders') %}

with

{{ cdp.incremental_source(source('shop', 'shop_orders'), key='order_id', raw_columns=raw_columns) }},

standardized as (

    select
        merge_key,
        raw_hash,
        _staged_at,
        {{ cdp.clean_text('order_id') }} as order_id,
        {{ cdp.reference_key('customer_id') }} as customer_id,
        {{ cdp.contact_columns(email='email', phone='phone') }},
        {{ cdp.parse_timestamp('ordered_at', month_first) }} as ordered_at,
        lower({{ cdp.clean_text('status') }}) as status,
        {{ cdp.currency_code('currency', amount='total_amount') }} as currency,
        {{ cdp.parse_amount('total_amount') }} as total_amount,
        {#- No discount delivered is 0; one delivered and unreadable ('abc', '10%') is invalid_amount. -#}
        case
            when {{ cdp.clean_text('discount_amount') }} is null then 0
            else {{ cdp.parse_amount('discount_amount') }}
        end as discount_amount,
        {{ cdp.clean_text('total_amount') }} is null as is_total_missing,
        {{ cdp.province_key('shipping_province') }} as shipping_province_lookup_key,
        lower({{ cdp.clean_text('utm_source') }}) as utm_source,
        lower({{ cdp.clean_text('utm_medium') }}) as utm_medium,
        lower({{ cdp.clean_text('utm_campaign') }}) as utm_campaign,
        {{ cdp.raw_record(raw_columns) }} as raw_record
    from source

),

{{ cdp.contact_steps('standardized', name=false) }},

validated as (

    select
        *,
        {{ cdp.province_code_of_key('shipping_province_lookup_key') }} as shipping_province_code,
        {{ cdp.region_key('shipping_province_lookup_key') }} as shipping_region_key,
        {{ cdp.contact_keys(name=false) }},
        {{ cdp.amount_to_vnd('total_amount', 'currency') }} as total_amount_vnd,
        {{ cdp.amount_to_vnd('discount_amount', 'currency') }} as discount_amount_vnd,
        case
            when order_id is null then 'missing_key'
            when ordered_at is null then 'unparseable_timestamp'
            when {{ cdp.is_future('ordered_at') }} then 'future_timestamp'
            when total_amount is null or total_amount < 0 or discount_amount is null or discount_amount < 0 then 'invalid_amount'
            when not {{ cdp.is_known_currency('currency') }} then 'unknown_currency'
            when status is null or status not in {{ cdp.sql_string_list(var('order_statuses')) }} then 'invalid_value'
        end as quarantine_reason
    from contact_checks

),

final as (

    {#- Two versions of one order in one export carry no time to tell them apart: the status further on
        in the order's life (var order_statuses, in that order: pending, paid, cancelled, refunded) is
        the later version. -#}
    {%- set lifecycle = [] %}
    {%- for status in var('order_statuses') %}
        {%- do lifecycle.append((status, loop.index)) %}
    {%- endfor %}
    {{ cdp.flag_duplicates('validated', ['order_id'], cdp.lookup_case('status', lifecycle, value_is_number=true) ~ ' desc') }}

)

select * from final
