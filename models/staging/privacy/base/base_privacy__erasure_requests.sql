{%- set raw_columns = ['request_id', 'subject_type', 'subject_value', 'requested_at'] -%}

{%- set month_first = cdp.source_month_first('erasure_requests') %}

with

source as (

    select
        {{- cdp.raw_text_columns(raw_columns) }}
    from {{ source('privacy', 'erasure_requests') }}

),

standardized as (

    select
        {{ cdp.clean_text('request_id') }} as request_id,
        lower({{ cdp.clean_text('subject_type') }}) as subject_type,
        {{ cdp.clean_text('subject_value') }} as subject_value,
        {{ cdp.contact_columns(email='subject_value', phone='subject_value', first_of_several=false) }},
        {{ cdp.parse_timestamp('requested_at', month_first) }} as requested_at,
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

subject_checked as (

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
        end as subject_issue
    from keyed

),

validated as (

    {#- Two usable rows of one request_id naming different subjects: which of them the request is cannot
        be told (keeping the latest would drop the other's erasure without a word), so every row of
        that request is quarantined (conflicting_duplicate) and its receipt says so until the delivery
        is corrected. A repeated delivery of the same subject is a duplicate (flag_duplicates). -#}
    select
        *,
        case
            when subject_issue is not null then subject_issue
            when
                min(case when subject_issue is null then {{ dbt.concat(['subject_type', "':'", 'subject_key']) }} end)
                    over (partition by request_id)
                != max(case when subject_issue is null then {{ dbt.concat(['subject_type', "':'", 'subject_key']) }} end)
                    over (partition by request_id)
                then 'conflicting_duplicate'
        end as quarantine_reason
    from subject_checked

),

final as (

    {{ cdp.flag_duplicates('validated', ['request_id'], 'requested_at desc') }}

)

select * from final
