{#- Every usable value a customer's identity records carry for each golden-record attribute
    (survivorship_attributes()), with what the survivorship strategies sort by. Invalid and
    placeholder values are not candidates: staging already nulls invalid and placeholder emails
    (email_match_key), phones and dates of birth, and the identity records carry no placeholder name
    (seed blocked_identifiers, macro name_is_placeholder; int_identity_records_unioned). Per candidate:
    - value: the form shown in dim_customers (name as displayed, email with a known domain typo
      corrected, E.164 phone, ISO date, province code, gender); value_key: the form compared for
      most_frequent (order-free name tokens, email match key, otherwise the value);
    - quality_rank (valid_first, 0 best): a name without diacritics +2, a name whose recognised
      Vietnamese family name is not written first +1 ('Duy Nguyễn Hữu' after 'Nguyễn Hữu Duy'); an
      email typed with a known domain typo 2, with a +tag 1, plain 0; a Vietnamese landline 1, a
      mobile or foreign phone 0; 0 for the other attributes;
    - token_count and value_length (most_complete); observed_at: the record's last_seen_at.
    Grain: one row per (customer_id, attribute, source record). -#}
{#- One pass over the records: each record crossed with the six attributes, each column one rule per
    attribute (a CASE on the attribute), the rows without a value left out. Six branches reading a
    records CTE, as before, made DuckDB hold that CTE's 4.4M wide rows at 1M people: this view's peak
    memory was 3.0 GB; one pass holds 1.5 GB (the same 9,774,759 rows).
    A view: its one reader, int_customer_attributes_chosen, reads it once, so storing its 9.8M rows at
    1M people (written, then read back) cost more than computing them in that read. A table on Spark
    (macro view_materialization), which expands a view at every reference: the chosen values read it
    twice, and Spark took 15 s to plan each statement over the view on the engine test's data. -#}
{{ config(materialized=cdp.view_materialization()) }}

with

crm_genders as (

    select
        contact_id,
        gender
    from {{ ref('stg_crm__contacts') }}
    where gender is not null

),

records as (

    {#- Each record with its customer and, for the attributes' rules, what is derived from it once. -#}
    select
        assigned.customer_id,
        records.source_table,
        records.source_record_id,
        records.last_seen_at,
        records.full_name,
        records.full_name_ascii,
        records.name_tokens_sorted,
        case when records.full_name_ascii is not null then records.full_name end as usable_full_name,
        (case when {{ cdp.strip_diacritics('records.full_name') }} = records.full_name then 2 else 0 end)
        + (
            case
                when
                    records.family_name_key is null
                    or records.full_name_ascii like {{ dbt.concat(['records.family_name_key', "' %'"]) }}
                    then 0
                else 1
            end
        ) as name_quality_rank,
        records.email_match_key,
        case when records.email_match_key is not null then split_part(records.email, '@', 1) end
            as typed_local_part,
        split_part(records.email_match_key, '@', 2) as corrected_domain,
        case
            when split_part(records.email, '@', 2) != split_part(records.email_match_key, '@', 2) then 2
            when split_part(records.email, '@', 1) like '%+%' then 1
            else 0
        end as email_quality_rank,
        records.phone_e164,
        case
            when
                left(records.phone_e164, {{ var('default_phone_country_code') | length + 2 }})
                = '+{{ var("default_phone_country_code") }}2'
                then 1
            else 0
        end as phone_quality_rank,
        cast(records.date_of_birth as {{ dbt.type_string() }}) as date_of_birth,
        records.province_code,
        crm_genders.gender
    from {{ ref('int_identity_records_unioned') }} as records
    inner join {{ ref('int_customer_ids_retained') }} as assigned
        on records.record_key = assigned.record_key
    left join crm_genders
        on
            records.source_table = 'crm_contacts'
            and records.source_record_id = crm_genders.contact_id

),

attributes as (

    {{ cdp.survivorship_attributes_values() | indent(4) }}

),

values_by_attribute as (

    select
        records.*,
        attributes.attribute,
        case attributes.attribute
            when 'full_name' then records.usable_full_name
            when 'email' then {{ dbt.concat(['records.typed_local_part', "'@'", 'records.corrected_domain']) }}
            when 'phone' then records.phone_e164
            when 'date_of_birth' then records.date_of_birth
            when 'province_code' then records.province_code
            when 'gender' then records.gender
        end as value
    from records
    cross join attributes

),

final as (

    select
        customer_id,
        attribute,
        value,
        case attribute
            when 'full_name' then name_tokens_sorted
            when 'email' then email_match_key
            else value
        end as value_key,
        source_table,
        source_record_id,
        last_seen_at as observed_at,
        case attribute
            when 'full_name' then name_quality_rank
            when 'email' then email_quality_rank
            when 'phone' then phone_quality_rank
            else 0
        end as quality_rank,
        case attribute
            when 'full_name' then {{ cdp.name_token_count('full_name_ascii') }}
            else 1
        end as token_count,
        length(value) as value_length
    from values_by_attribute
    where value is not null

)

select * from final
