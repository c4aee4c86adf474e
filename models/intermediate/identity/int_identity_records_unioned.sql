{#- One row per identity-bearing source record, with the person attributes fuzzy matching and the
    over-merge guards read. The sources are the identity inputs declared in var identity_inputs
    (macro identity_records_union: one select per input); adding a source is its staging model and
    one entry there. Web and app browsing is one record per anonymous_id (an aggregate input). A name
    typed where the real one was unknown (seed blocked_identifiers: 'Khách lẻ', the walk-in customer
    at the till; 'Nguyễn Văn A', the Vietnamese John Doe; macro name_is_placeholder) is no name: its
    record is nameless for matching (it joins the phone's one named person, and conflicts with no
    name) and for the golden record. -#}
{#- The key prefixes of the input tables, '<source_table>:', to sort as the keys sort. -#}
{%- set prefixes = [] %}
{%- for input in cdp.identity_inputs() %}{% do prefixes.append(input.source_table ~ ':') %}{% endfor %}
with

unioned as (

    {{ cdp.identity_records_union() }}

),

ordered as (

    select
        *,
        case source_table
            {%- for prefix in prefixes | sort(case_sensitive=true) %}
                when '{{ prefix[:-1] }}' then {{ loop.index0 }}
            {%- endfor %}
        end as source_table_order,
        {{ cdp.name_is_placeholder('full_name_ascii') }} as is_placeholder_name
    from unioned

),

final as (

    select
        record_key,
        {#- Numbered in record_key order, so the smallest record_id is the smallest record_key: the
            clustering joins these integers instead of text keys. Renumbered by every build: never
            store it (stable ids are keyed on record_key). Each source table is numbered by a window
            of its own (they run side by side: one window over every record ran on one thread, 32-41 s
            against 19-26 s for the model at 1M people), after an offset of 10^10 per table before it
            in record_key order ('<source_table>:' sorted as the engine sorts the keys: byte order;
            a table name holds no ':'). The ids are not consecutive. -#}
        source_table_order * 10000000000
        + row_number() over (partition by source_table order by record_key) as record_id,
        source_table,
        source_record_id,
        case when not is_placeholder_name then full_name end as full_name,
        case when not is_placeholder_name then full_name_ascii end as full_name_ascii,
        case when not is_placeholder_name then family_name_key end as family_name_key,
        case when not is_placeholder_name then given_name_key end as given_name_key,
        case when not is_placeholder_name then name_tokens_sorted end as name_tokens_sorted,
        email,
        email_match_key,
        phone_e164,
        date_of_birth,
        province_code,
        region_key,
        address_key,
        house_number,
        street_key,
        ward_key,
        district_key,
        first_seen_at,
        last_seen_at
    from ordered

)

select * from final
