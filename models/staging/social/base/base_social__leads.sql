{%- set raw_columns = [
    'lead_id',
    'platform',
    'platform_user_id',
    'full_name',
    'phone',
    'email',
    'campaign_id',
    'created_at'
] -%}

{{ cdp.staging_incremental_config('social', 'social_leads', raw_columns) }}

{%- set month_first = cdp.source_month_first('social_leads') %}

with

{{ cdp.incremental_source(source('social', 'social_leads'), key='lead_id', raw_columns=raw_columns) }},

standardized as (

    select
        merge_key,
        raw_hash,
        _staged_at,
        {{ cdp.clean_text('lead_id') }} as lead_id,
        lower({{ cdp.clean_text('platform') }}) as platform,
        {{ cdp.clean_text('platform_user_id') }} as platform_user_id,
        {{ cdp.contact_columns(name='full_name', email='email', phone='phone') }},
        lower({{ cdp.clean_text('campaign_id') }}) as campaign_id,
        {{ cdp.parse_timestamp('created_at', month_first) }} as created_at,
        {{ cdp.raw_record(raw_columns) }} as raw_record
    from source

),

{{ cdp.contact_steps('standardized') }},

validated as (

    select
        *,
        {{ cdp.contact_keys() }},
        case
            when lead_id is null then 'missing_key'
            when created_at is null then 'unparseable_timestamp'
            when platform is null or platform not in {{ cdp.sql_string_list(var('social_platforms')) }} then 'invalid_value'
        end as quarantine_reason
    from contact_checks

),

final as (

    {{ cdp.flag_duplicates('validated', ['lead_id']) }}

)

select * from final
