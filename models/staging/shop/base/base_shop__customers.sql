{%- set raw_columns = [
    'customer_id',
    'first_name',
    'last_name',
    'email',
    'phone',
    'date_of_birth',
    'province',
    'accepts_marketing',
    'created_at',
    'updated_at'
] -%}

{{ cdp.staging_incremental_config('shop', 'shop_customers', raw_columns) }}

{%- set month_first = cdp.source_month_first('shop_customers') %}

with

{{ cdp.incremental_source(source('shop', 'shop_customers'), key='customer_id', raw_columns=raw_columns) }},

split_names as (

    {{ cdp.split_names_without_honorific('source') }}

),

standardized as (

    select
        merge_key,
        raw_hash,
        _staged_at,
        {{ cdp.clean_text('customer_id') }} as customer_id,
        {{ cdp.name_display('first_name_bare') }} as first_name,
        {{ cdp.name_display('last_name_bare') }} as last_name,
        {#- Exports split names either way round; name_part() recognises the family name. -#}
        {{ cdp.contact_columns(
            name="concat(coalesce(last_name_bare, ''), ' ', coalesce(first_name_bare, ''))",
            email='email',
            phone='phone'
        ) }},
        {{ cdp.parse_date('date_of_birth', month_first) }} as date_of_birth_read,
        {{ cdp.clean_text('date_of_birth') }} is null as is_date_of_birth_missing,
        {{ cdp.province_key('province') }} as province_lookup_key,
        {{ cdp.parse_boolean('accepts_marketing') }} as accepts_marketing,
        {{ cdp.parse_timestamp('created_at', month_first) }} as created_at,
        {{ cdp.parse_timestamp('updated_at', month_first) }} as updated_at,
        {{ cdp.raw_record(raw_columns) }} as raw_record
    from split_names

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
        case
            when customer_id is null then 'missing_key'
            when created_at is null then 'unparseable_timestamp'
        end as quarantine_reason
    from contact_checks

),

final as (

    {{ cdp.flag_duplicates('validated', ['customer_id'], 'updated_at desc nulls last, created_at desc') }}

)

select * from final
