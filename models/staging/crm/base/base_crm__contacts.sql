{%- set raw_columns = [
    'contact_id',
    'full_name',
    'email',
    'phone',
    'date_of_birth',
    'gender',
    'address_line',
    'district',
    'province',
    'lead_source',
    'created_at',
    'updated_at'
] -%}

{{ cdp.staging_incremental_config('crm', 'crm_contacts', raw_columns) }}

{%- set month_first = cdp.source_month_first('crm_contacts') %}

with

{{ cdp.incremental_source(source('crm', 'crm_contacts'), key='contact_id', raw_columns=raw_columns) }},

standardized as (

    select
        merge_key,
        raw_hash,
        _staged_at,
        {{ cdp.clean_text('contact_id') }} as contact_id,
        {{ cdp.contact_columns(name='full_name', email='email', phone='phone') }},
        {{ cdp.parse_date('date_of_birth', month_first) }} as date_of_birth_read,
        {{ cdp.clean_text('date_of_birth') }} is null as is_date_of_birth_missing,
        {{ cdp.normalize_gender('gender') }} as gender,
        {{ cdp.clean_text('address_line') }} as address_line,
        {{ cdp.clean_text('district') }} as district,
        {{ cdp.address_folded('address_line') }} as address_folded,
        {{ cdp.address_folded('district') }} as district_folded,
        {{ cdp.province_key('province') }} as province_lookup_key,
        lower({{ cdp.clean_text('lead_source') }}) as lead_source,
        {{ cdp.parse_timestamp('created_at', month_first) }} as created_at,
        {{ cdp.parse_timestamp('updated_at', month_first) }} as updated_at,
        {{ cdp.raw_record(raw_columns) }} as raw_record
    from source

),

{{ cdp.contact_steps('standardized') }},

validated as (

    select
        *,
        {{ cdp.province_code_of_key('province_lookup_key') }} as province_code,
        {{ cdp.region_key('province_lookup_key') }} as region_key,
        {{ cdp.birth_date_plausible('date_of_birth_read') }} as date_of_birth,
        {{ cdp.birth_date_issue('date_of_birth_read', 'is_date_of_birth_missing') }} as date_of_birth_issue,
        {{ cdp.contact_keys() }},
        {{ cdp.address_marked('address_folded') }} as address_marked,
        {{ cdp.address_marked('district_folded') }} as district_marked,
        case
            when contact_id is null then 'missing_key'
            when created_at is null then 'unparseable_timestamp'
        end as quarantine_reason
    from contact_checks

),

addressed as (

    select
        *,
        {{ cdp.address_keys('address_marked', district='district_marked') }}
    from validated

),

final as (

    {{ cdp.flag_duplicates('addressed', ['contact_id'], 'updated_at desc nulls last, created_at desc') }}

)

select * from final
