{%- set raw_columns = [
    'consent_id',
    'subject_type',
    'subject_value',
    'purpose',
    'status',
    'source_system',
    'occurred_at'
] -%}

{{ cdp.staging_incremental_config('privacy', 'consent_events', raw_columns) }}

{%- set month_first = cdp.source_month_first('consent_events') %}

with

{{ cdp.incremental_source(source('privacy', 'consent_events'), key='consent_id', raw_columns=raw_columns) }},

standardized as (

    select
        merge_key,
        raw_hash,
        _staged_at,
        {{ cdp.clean_text('consent_id') }} as consent_id,
        lower({{ cdp.clean_text('subject_type') }}) as subject_type,
        {{ cdp.clean_text('subject_value') }} as subject_value,
        {{ cdp.contact_columns(email='subject_value', phone='subject_value', first_of_several=false) }},
        lower({{ cdp.clean_text('purpose') }}) as purpose,
        lower({{ cdp.clean_text('status') }}) as status,
        lower({{ cdp.clean_text('source_system') }}) as source_system,
        {{ cdp.parse_timestamp('occurred_at', month_first) }} as occurred_at,
        {{ cdp.raw_record(raw_columns) }} as raw_record
    from source

),

{{ cdp.contact_steps('standardized', name=false) }},

keyed as (

    select
        *,
        {{ cdp.contact_keys(name=false) }}
    from contact_checks

),

validated as (

    select
        *,
        {#- The identifier the consent is about, normalised the way identity resolution keys it. -#}
        case subject_type
            when 'email' then email_match_key
            when 'phone' then phone_e164
            when 'customer_id' then subject_value
        end as subject_key,
        case
            when consent_id is null then 'missing_key'
            when occurred_at is null then 'unparseable_timestamp'
            when subject_type is null or subject_type not in {{ cdp.sql_string_list(var('consent_subject_types')) }} then 'invalid_value'
            when purpose is null or purpose not in {{ cdp.sql_string_list(var('consent_purposes')) }} then 'invalid_value'
            when status is null or status not in {{ cdp.sql_string_list(var('consent_statuses')) }} then 'invalid_value'
            when subject_value is null then 'invalid_value'
        end as quarantine_reason
    from keyed

),

final as (

    {{ cdp.flag_duplicates('validated', ['consent_id'], 'occurred_at desc') }}

)

select * from final
