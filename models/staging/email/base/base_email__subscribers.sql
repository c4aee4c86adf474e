{%- set raw_columns = [
    'subscriber_id',
    'email',
    'first_name',
    'last_name',
    'status',
    'opted_in_at'
] -%}

{{ cdp.staging_incremental_config('email', 'email_subscribers', raw_columns) }}

{%- set month_first = cdp.source_month_first('email_subscribers') %}

with

{{ cdp.incremental_source(source('email', 'email_subscribers'), key='subscriber_id', raw_columns=raw_columns) }},

split_names as (

    {{ cdp.split_names_without_honorific('source') }}

),

standardized as (

    select
        merge_key,
        raw_hash,
        _staged_at,
        {{ cdp.clean_text('subscriber_id') }} as subscriber_id,
        {{ cdp.name_display('first_name_bare') }} as first_name,
        {{ cdp.name_display('last_name_bare') }} as last_name,
        {{ cdp.contact_columns(
            name="concat(coalesce(last_name_bare, ''), ' ', coalesce(first_name_bare, ''))",
            email='email'
        ) }},
        lower({{ cdp.clean_text('status') }}) as status,
        {{ cdp.parse_timestamp('opted_in_at', month_first) }} as opted_in_at,
        {{ cdp.raw_record(raw_columns) }} as raw_record
    from split_names

),

{{ cdp.contact_steps('standardized', phone=false) }},

validated as (

    select
        *,
        {{ cdp.contact_keys(phone=false) }},
        case
            when subscriber_id is null then 'missing_key'
            when opted_in_at is null then 'unparseable_timestamp'
            when status is null or status not in {{ cdp.sql_string_list(var('subscriber_statuses')) }} then 'invalid_value'
        end as quarantine_reason
    from contact_checks

),

final as (

    {{ cdp.flag_duplicates('validated', ['subscriber_id'], 'opted_in_at desc') }}

)

select * from final
