with

base as (

    select * from {{ ref('base_support__tickets') }}

),

final as (

    select
        ticket_id,
        channel,
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
        created_at,
        resolved_at,
        category,
        csat_score
    from base
    where quarantine_reason is null and not is_duplicate

)

select * from final
