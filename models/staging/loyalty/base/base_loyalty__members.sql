{%- set raw_columns = [
    'loyalty_card_id',
    'full_name',
    'phone',
    'email',
    'date_of_birth',
    'address_line',
    'province',
    'tier',
    'enrolled_at'
] -%}

{{ cdp.staging_incremental_config('loyalty', 'loyalty_members', raw_columns) }}

{%- set month_first = cdp.source_month_first('loyalty_members') %}

with

{{ cdp.incremental_source(source('loyalty', 'loyalty_members'), key='upper(loyalty_card_id)', raw_columns=raw_columns) }},

standardized as (

    select
        merge_key,
        raw_hash,
        _staged_at,
        {# The card as delivered (whitespace trimmed, as every key) is the record's source_record_id;
           its upper-case form is the key cards are matched and deduplicated on. #}
        upper({{ cdp.clean_text('loyalty_card_id') }}) as loyalty_card_id,
        {{ cdp.clean_text('loyalty_card_id') }} as loyalty_card_id_as_delivered,
        {{ cdp.contact_columns(name='full_name', email='email', phone='phone') }},
        {{ cdp.parse_date('date_of_birth', month_first) }} as date_of_birth_read,
        {{ cdp.clean_text('date_of_birth') }} is null as is_date_of_birth_missing,
        {{ cdp.clean_text('address_line') }} as address_line,
        {{ cdp.address_folded('address_line') }} as address_folded,
        {{ cdp.province_key('province') }} as province_lookup_key,
        lower({{ cdp.clean_text('tier') }}) as tier,
        {{ cdp.parse_timestamp('enrolled_at', month_first) }} as enrolled_at,
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
        case
            when loyalty_card_id is null then 'missing_key'
            when enrolled_at is null then 'unparseable_timestamp'
        end as quarantine_reason
    from contact_checks

),

addressed as (

    select
        *,
        {{ cdp.address_keys('address_marked') }}
    from validated

),

final as (

    {{ cdp.flag_duplicates('addressed', ['loyalty_card_id'], 'enrolled_at desc') }}

)

select * from final
