{%- set raw_columns = [
    'ticket_id',
    'channel',
    'requester_name',
    'requester_email',
    'requester_phone',
    'created_at',
    'resolved_at',
    'category',
    'csat_score'
] -%}

{{ cdp.staging_incremental_config('support', 'support_tickets', raw_columns) }}

{%- set month_first = cdp.source_month_first('support_tickets') %}

with

{{ cdp.incremental_source(source('support', 'support_tickets'), key='ticket_id', raw_columns=raw_columns) }},

standardized as (

    select
        merge_key,
        raw_hash,
        _staged_at,
        {{ cdp.clean_text('ticket_id') }} as ticket_id,
        lower({{ cdp.clean_text('channel') }}) as channel,
        {{ cdp.contact_columns(name='requester_name', email='requester_email', phone='requester_phone') }},
        {{ cdp.parse_timestamp('created_at', month_first) }} as created_at,
        {{ cdp.parse_timestamp('resolved_at', month_first) }} as resolved_at,
        lower({{ cdp.clean_text('category') }}) as category,
        {{ cdp.clean_text('csat_score') }} is not null as has_csat_score,
        {{ cdp.safe_cast_integer('csat_score') }} as csat_score,
        {{ cdp.raw_record(raw_columns) }} as raw_record
    from source

),

{{ cdp.contact_steps('standardized') }},

validated as (

    select
        *,
        {{ cdp.contact_keys() }},
        case
            when ticket_id is null then 'missing_key'
            when created_at is null then 'unparseable_timestamp'
            when has_csat_score and (csat_score is null or csat_score not between 1 and 5) then 'invalid_value'
            when channel is null or channel not in {{ cdp.sql_string_list(var('ticket_channels')) }} then 'invalid_value'
        end as quarantine_reason
    from contact_checks

),

final as (

    {{ cdp.flag_duplicates('validated', ['ticket_id']) }}

)

select * from final
