with

base as (

    select * from {{ ref('base_crm__contacts') }}

),

final as (

    select
        contact_id,
        full_name,
        full_name_ascii,
        family_name_key,
        given_name_key,
        name_tokens_sorted,
        email,
        email_match_key,
        email_issue,
        phone_e164,
        phone_issue,
        date_of_birth,
        date_of_birth_issue,
        gender,
        address_line,
        district,
        {{ cdp.address_key('house_number', 'street_key') }} as address_key,
        house_number,
        street_key,
        ward_key,
        district_key,
        province_code,
        region_key,
        lead_source,
        created_at,
        updated_at
    from base
    where quarantine_reason is null and not is_duplicate

)

select * from final
