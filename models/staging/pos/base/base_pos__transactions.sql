{%- set raw_columns = [
    'transaction_id',
    'store_id',
    'store_province',
    'loyalty_card_id',
    'customer_phone',
    'customer_name',
    'transacted_at',
    'total_amount',
    'currency',
    'payment_method'
] -%}

{{ cdp.staging_incremental_config('pos', 'pos_transactions', raw_columns) }}

{%- set month_first = cdp.source_month_first('pos_transactions') %}

with

{{ cdp.incremental_source(source('pos', 'pos_transactions'), key='transaction_id', raw_columns=raw_columns) }},

standardized as (

    select
        merge_key,
        raw_hash,
        _staged_at,
        {{ cdp.clean_text('transaction_id') }} as transaction_id,
        {{ cdp.clean_text('store_id') }} as store_id,
        {{ cdp.province_code('store_province') }} as store_province_code,
        upper({{ cdp.reference_key('loyalty_card_id') }}) as loyalty_card_id,
        {{ cdp.contact_columns(name='customer_name', phone='customer_phone') }},
        {{ cdp.parse_timestamp('transacted_at', month_first) }} as transacted_at,
        {{ cdp.parse_amount('total_amount') }} as total_amount,
        {{ cdp.currency_code('currency', amount='total_amount') }} as currency,
        lower({{ cdp.clean_text('payment_method') }}) as payment_method,
        {{ cdp.raw_record(raw_columns) }} as raw_record
    from source

),

{{ cdp.contact_steps('standardized', email=false) }},

validated as (

    select
        *,
        {{ cdp.contact_keys(email=false) }},
        {{ cdp.amount_to_vnd('total_amount', 'currency') }} as total_amount_vnd,
        case
            when transaction_id is null then 'missing_key'
            when transacted_at is null then 'unparseable_timestamp'
            when {{ cdp.is_future('transacted_at') }} then 'future_timestamp'
            when total_amount is null or total_amount < 0 then 'invalid_amount'
            when not {{ cdp.is_known_currency('currency') }} then 'unknown_currency'
        end as quarantine_reason
    from contact_checks

),

final as (

    {{ cdp.flag_duplicates('validated', ['transaction_id']) }}

)

select * from final
