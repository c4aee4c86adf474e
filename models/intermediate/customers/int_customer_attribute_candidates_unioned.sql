{#- Every usable value a customer's identity records carry for each golden-record attribute
    (survivorship_attributes()), with what the survivorship strategies sort by. Invalid and
    placeholder values are not candidates: staging already nulls invalid and placeholder emails
    (email_match_key), phones and dates of birth; placeholder names (seed blocked_identifiers,
    macro name_is_placeholder) are dropped here. Per candidate:
    - value: the form shown in dim_customers (name as displayed, email with a known domain typo
      corrected, E.164 phone, ISO date, province code, gender); value_key: the form compared for
      most_frequent (order-free name tokens, email match key, otherwise the value);
    - quality_rank (valid_first, 0 best): a name without diacritics +2, a name whose recognised
      Vietnamese family name is not written first +1 ('Duy Nguyễn Hữu' after 'Nguyễn Hữu Duy'); an
      email typed with a known domain typo 2, with a +tag 1, plain 0; a Vietnamese landline 1, a
      mobile or foreign phone 0; 0 for the other attributes;
    - token_count and value_length (most_complete); observed_at: the record's last_seen_at.
    Grain: one row per (customer_id, attribute, source record). -#}
{#- A view: its one reader, int_customer_attributes_chosen, reads it once, so storing its 9.8M rows at
    1M people (written, then read back) cost more than computing them in that read. A table on Spark
    (macro view_materialization), which expands a view at every reference: the chosen values read it
    three times, and Spark took 15 s to plan each statement over the view on the engine test's data. -#}
{{ config(materialized=cdp.view_materialization()) }}

with

records as (

    select
        records.record_key,
        records.source_table,
        records.source_record_id,
        records.full_name,
        records.full_name_ascii,
        records.family_name_key,
        records.name_tokens_sorted,
        records.email,
        records.email_match_key,
        records.phone_e164,
        records.date_of_birth,
        records.province_code,
        records.last_seen_at,
        assigned.customer_id
    from {{ ref('int_identity_records_unioned') }} as records
    inner join {{ ref('int_customer_ids_retained') }} as assigned
        on records.record_key = assigned.record_key

),

crm_genders as (

    select
        contact_id,
        gender
    from {{ ref('stg_crm__contacts') }}
    where gender is not null

),

names as (

    select
        customer_id,
        'full_name' as attribute,
        full_name as value,
        name_tokens_sorted as value_key,
        source_table,
        source_record_id,
        last_seen_at as observed_at,
        (case when {{ cdp.strip_diacritics('full_name') }} = full_name then 2 else 0 end)
        + (case when family_name_key is null or full_name_ascii like {{ dbt.concat(['family_name_key', "' %'"]) }} then 0 else 1 end)
            as quality_rank,
        length(full_name_ascii) - length(replace(full_name_ascii, ' ', '')) + 1 as token_count,
        length(full_name) as value_length
    from records
    where
        full_name is not null
        and full_name_ascii is not null
        and not {{ cdp.name_is_placeholder('full_name_ascii') }}

),

email_parts as (

    select
        customer_id,
        source_table,
        source_record_id,
        last_seen_at,
        email_match_key,
        split_part(email, '@', 1) as typed_local_part,
        split_part(email, '@', 2) as typed_domain,
        split_part(email_match_key, '@', 2) as corrected_domain
    from records
    where email is not null and email_match_key is not null

),

emails as (

    select
        customer_id,
        'email' as attribute,
        {{ dbt.concat(['typed_local_part', "'@'", 'corrected_domain']) }} as value,
        email_match_key as value_key,
        source_table,
        source_record_id,
        last_seen_at as observed_at,
        case when typed_domain != corrected_domain then 2 when typed_local_part like '%+%' then 1 else 0 end as quality_rank,
        1 as token_count,
        length(typed_local_part) + 1 + length(corrected_domain) as value_length
    from email_parts

),

phones as (

    select
        customer_id,
        'phone' as attribute,
        phone_e164 as value,
        phone_e164 as value_key,
        source_table,
        source_record_id,
        last_seen_at as observed_at,
        case when left(phone_e164, {{ var('default_phone_country_code') | length + 2 }}) = '+{{ var("default_phone_country_code") }}2' then 1 else 0 end
            as quality_rank,
        1 as token_count,
        length(phone_e164) as value_length
    from records
    where phone_e164 is not null

),

dates_of_birth as (

    select
        customer_id,
        'date_of_birth' as attribute,
        cast(date_of_birth as {{ dbt.type_string() }}) as value,
        cast(date_of_birth as {{ dbt.type_string() }}) as value_key,
        source_table,
        source_record_id,
        last_seen_at as observed_at,
        0 as quality_rank,
        1 as token_count,
        10 as value_length
    from records
    where date_of_birth is not null

),

provinces as (

    select
        customer_id,
        'province_code' as attribute,
        province_code as value,
        province_code as value_key,
        source_table,
        source_record_id,
        last_seen_at as observed_at,
        0 as quality_rank,
        1 as token_count,
        length(province_code) as value_length
    from records
    where province_code is not null

),

genders as (

    select
        records.customer_id,
        'gender' as attribute,
        crm_genders.gender as value,
        crm_genders.gender as value_key,
        records.source_table,
        records.source_record_id,
        records.last_seen_at as observed_at,
        0 as quality_rank,
        1 as token_count,
        length(crm_genders.gender) as value_length
    from records
    inner join crm_genders
        on
            records.source_table = 'crm_contacts'
            and records.source_record_id = crm_genders.contact_id

),

final as (

    select * from names
    union all
    select * from emails
    union all
    select * from phones
    union all
    select * from dates_of_birth
    union all
    select * from provinces
    union all
    select * from genders

)

select * from final
