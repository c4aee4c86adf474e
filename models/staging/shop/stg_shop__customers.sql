with

base as (

    select * from {{ ref('base_shop__customers') }}

),

final as (

    select
        customer_id,
        first_name,
        last_name,
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
        province_code,
        region_key,
        accepts_marketing,
        created_at,
        updated_at
    from base
    where quarantine_reason is null and not is_duplicate

)

select * from final
