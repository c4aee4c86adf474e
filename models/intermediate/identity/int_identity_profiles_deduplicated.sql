{#- The distinct attribute profiles the Fellegi-Sunter model compares: named records with identical
    compared attributes inside one deterministic component are one profile, compared once (a person's
    CRM contact, loyalty card and shop account often carry the same name, birth date and contacts).
    An email or phone the deterministic rules refused for the whole group (a shop's or a household's:
    identifier_shared_by_too_many_records, identifier_shared_by_many_people) is left out: it is no
    evidence of anyone's identity. Only records with a name take part.
    Grain: one row per profile. -#}
{#- What makes a profile: grouped on and carried, written once for both. -#}
{%- set profile_columns = [
    'component_key', 'full_name_lower', 'full_name_ascii', 'family_name_key', 'given_name_key',
    'name_tokens_sorted', 'email_match_key', 'phone_e164', 'date_of_birth', 'province_code', 'region_key',
    'house_number', 'street_key', 'ward_key', 'district_key'
] -%}
with

records as (

    select
        records.record_key,
        records.record_id,
        records.full_name,
        records.full_name_ascii,
        records.family_name_key,
        records.given_name_key,
        records.name_tokens_sorted,
        records.email_match_key,
        records.phone_e164,
        records.date_of_birth,
        records.province_code,
        records.region_key,
        records.house_number,
        records.street_key,
        records.ward_key,
        records.district_key,
        components.component_key
    from {{ ref('int_identity_records_unioned') }} as records
    inner join {{ ref('int_identity_components_deterministic') }} as components
        on records.record_key = components.record_key
    where records.name_tokens_sorted is not null

),

refused_identifiers as (

    select distinct
        rule,
        evidence as identifier_value
    from {{ ref('int_identity_edges_deterministic') }}
    where refusal_reason in ('identifier_shared_by_too_many_records', 'identifier_shared_by_many_people')
        and rule in ('shared_email', 'shared_phone')

),

usable as (

    select
        records.record_key,
        records.record_id,
        records.component_key,
        lower(records.full_name) as full_name_lower,
        records.full_name_ascii,
        records.family_name_key,
        records.given_name_key,
        records.name_tokens_sorted,
        case when refused_emails.identifier_value is null then records.email_match_key end as email_match_key,
        case when refused_phones.identifier_value is null then records.phone_e164 end as phone_e164,
        records.date_of_birth,
        records.province_code,
        records.region_key,
        records.house_number,
        records.street_key,
        records.ward_key,
        records.district_key
    from records
    left join refused_identifiers as refused_emails
        on refused_emails.rule = 'shared_email' and records.email_match_key = refused_emails.identifier_value
    left join refused_identifiers as refused_phones
        on refused_phones.rule = 'shared_phone' and records.phone_e164 = refused_phones.identifier_value

),

deduplicated as (

    select
        {#- The profile's first record, by key and by id (numbered in record_key order, so the same
            record): profile_id is its record_id, renumbered by every build, never stored. #}
        min(record_id) as profile_id,
        min(record_key) as record_key,
        count(*) as record_count,
        {{ profile_columns | join(',\n        ') }}
    from usable
    group by
        {{ profile_columns | join(',\n        ') }}

),

final as (

    select
        *,
        {#- The name's initials (level 'initials' of the name comparison), computed once per profile
            rather than once per compared pair. #}
        {{ cdp.name_initials('name_tokens_sorted') }} as name_initials
    from deduplicated

)

select * from final
