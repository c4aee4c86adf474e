{%- set raw_columns = [
    'event_id',
    'anonymous_id',
    'user_id',
    'event_name',
    'occurred_at',
    'platform',
    'device_id',
    'page_url',
    'order_id',
    'traits_email',
    'traits_phone',
    'utm_source',
    'utm_medium',
    'utm_campaign'
] -%}

{{ cdp.staging_incremental_config('web', 'web_events', raw_columns) }}

{%- set month_first = cdp.source_month_first('web_events') %}

with

{{ cdp.incremental_source(source('web', 'web_events'), key='event_id', raw_columns=raw_columns) }},

standardized as (

    select
        merge_key,
        raw_hash,
        _staged_at,
        {{ cdp.clean_text('event_id') }} as event_id,
        {{ cdp.clean_text('anonymous_id') }} as anonymous_id,
        {{ cdp.reference_key('user_id') }} as user_id,
        {#- 'Order Completed', 'order-completed' -> order_completed: the contract's names as trackers also
            write them; any other name is quarantined below. -#}
        replace(replace(lower({{ cdp.clean_text('event_name') }}), ' ', '_'), '-', '_') as event_name,
        {{ cdp.parse_timestamp('occurred_at', month_first) }} as occurred_at,
        lower({{ cdp.clean_text('platform') }}) as platform,
        {{ cdp.clean_text('device_id') }} as device_id,
        {{ cdp.clean_text('page_url') }} as page_url,
        {{ cdp.reference_key('order_id') }} as order_id,
        {{ cdp.contact_columns(email='traits_email', phone='traits_phone', first_of_several=false) }},
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
        {{ cdp.contact_keys(name=false) }},
        case
            when event_id is null then 'missing_key'
            when occurred_at is null then 'unparseable_timestamp'
            when {{ cdp.is_future('occurred_at') }} then 'future_timestamp'
            when anonymous_id is null and user_id is null then 'invalid_value'
            when event_name is null or event_name not in {{ cdp.sql_string_list(var('web_event_names')) }} then 'invalid_value'
            when platform is null or platform not in {{ cdp.sql_string_list(var('web_platforms')) }} then 'invalid_value'
        end as quarantine_reason
    from contact_checks

),

final as (

    {{ cdp.flag_duplicates('validated', ['event_id']) }}

)

select * from final
