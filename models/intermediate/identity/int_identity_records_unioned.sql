{#- One row per identity-bearing source record, with the person attributes fuzzy matching and the
    over-merge guards read. The sources are the identity inputs declared in var identity_inputs
    (macro identity_records_union: one select per input); adding a source is its staging model and
    one entry there. Web and app browsing is one record per anonymous_id (an aggregate input). -#}
with

unioned as (

    {{ cdp.identity_records_union() }}

),

final as (

    select
        record_key,
        {#- Numbered in record_key order, so the smallest record_id is the smallest record_key: the
            clustering joins these integers instead of text keys. Renumbered by every build: never
            store it (stable ids are keyed on record_key). -#}
        row_number() over (order by record_key) as record_id,
        source_table,
        source_record_id,
        full_name,
        full_name_ascii,
        family_name_key,
        given_name_key,
        name_tokens_sorted,
        email,
        email_match_key,
        phone_e164,
        date_of_birth,
        province_code,
        address_key,
        house_number,
        street_key,
        ward_key,
        district_key,
        first_seen_at,
        last_seen_at
    from unioned

)

select * from final
