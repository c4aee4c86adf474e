with

base as (

    select * from {{ ref('base_email__subscribers') }}

),

final as (

    select
        subscriber_id,
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
        status,
        opted_in_at
    from base
    where quarantine_reason is null and not is_duplicate

)

select * from final
