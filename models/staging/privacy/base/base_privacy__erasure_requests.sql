with

source as (

    select * from {{ source('privacy', 'erasure_requests') }}

),

standardized as (

    select
        {{ cdp.clean_text('request_id') }} as request_id,
        lower({{ cdp.clean_text('subject_type') }}) as subject_type,
        {{ cdp.clean_text('subject_value') }} as subject_value,
        {{ cdp.contact_columns(email='subject_value', phone='subject_value') }},
        {{ cdp.parse_timestamp('requested_at') }} as requested_at,
        {{ cdp.raw_record(['request_id', 'subject_type', 'subject_value', 'requested_at']) }} as raw_record
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
        case subject_type
            when 'email' then email_match_key
            when 'phone' then phone_e164
            when 'customer_id' then subject_value
        end as subject_key,
        case
            when request_id is null then 'missing_key'
            when requested_at is null then 'unparseable_timestamp'
            when subject_type is null or subject_type not in {{ cdp.sql_string_list(var('consent_subject_types')) }} then 'invalid_value'
            when subject_value is null then 'invalid_value'
            {#- A subject that does not normalise (an invalid or placeholder email or phone) names nobody. #}
            when subject_type = 'email' and email_match_key is null then 'invalid_value'
            when subject_type = 'phone' and phone_e164 is null then 'invalid_value'
        end as quarantine_reason
    from keyed

),

final as (

    {{ cdp.flag_duplicates('validated', ['request_id'], 'requested_at desc') }}

)

select * from final
