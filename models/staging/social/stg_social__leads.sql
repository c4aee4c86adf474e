with

base as (

    select * from {{ ref('base_social__leads') }}

),

final as (

    select
        lead_id,
        platform,
        platform_user_id,
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
        campaign_id,
        created_at
    from base
    where quarantine_reason is null and not is_duplicate

)

select * from final
