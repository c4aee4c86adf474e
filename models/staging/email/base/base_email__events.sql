{%- set raw_columns = [
    'event_id',
    'subscriber_id',
    'campaign_id',
    'event_type',
    'occurred_at'
] -%}

{{ cdp.staging_incremental_config('email', 'email_events', raw_columns) }}

{%- set month_first = cdp.source_month_first('email_events') %}

with

{{ cdp.incremental_source(source('email', 'email_events'), key='event_id', raw_columns=raw_columns) }},

standardized as (

    select
        merge_key,
        raw_hash,
        _staged_at,
        {{ cdp.clean_text('event_id') }} as event_id,
        {{ cdp.clean_text('subscriber_id') }} as subscriber_id,
        lower({{ cdp.clean_text('campaign_id') }}) as campaign_id,
        lower({{ cdp.clean_text('event_type') }}) as event_type,
        {{ cdp.parse_timestamp('occurred_at', month_first) }} as occurred_at,
        {{ cdp.raw_record(raw_columns) }} as raw_record
    from source

),

validated as (

    select
        *,
        case
            when event_id is null then 'missing_key'
            when occurred_at is null then 'unparseable_timestamp'
            when {{ cdp.is_future('occurred_at') }} then 'future_timestamp'
            when subscriber_id is null then 'invalid_value'
            when event_type is null or event_type not in {{ cdp.sql_string_list(var('email_event_types')) }} then 'invalid_value'
        end as quarantine_reason
    from standardized

),

final as (

    {{ cdp.flag_duplicates('validated', ['event_id']) }}

)

select * from final
