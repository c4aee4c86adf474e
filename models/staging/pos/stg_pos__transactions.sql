with

base as (

    select * from {{ ref('base_pos__transactions') }}

),

final as (

    select
        transaction_id,
        store_id,
        store_province_code,
        loyalty_card_id,
        full_name,
        full_name_ascii,
        family_name_key,
        given_name_key,
        name_tokens_sorted,
        phone_e164,
        phone_issue,
        transacted_at,
        total_amount,
        currency,
        total_amount_vnd,
        payment_method
    from base
    where quarantine_reason is null and not is_duplicate

)

select * from final
