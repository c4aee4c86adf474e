with

base as (

    select * from {{ ref('base_shop__orders') }}

),

final as (

    select
        order_id,
        customer_id,
        email,
        email_match_key,
        email_issue,
        phone_e164,
        phone_issue,
        ordered_at,
        status,
        currency,
        total_amount,
        discount_amount,
        total_amount_vnd,
        discount_amount_vnd,
        shipping_province_code,
        shipping_region_key,
        utm_source,
        utm_medium,
        utm_campaign
    from base
    where quarantine_reason is null and not is_duplicate

)

select * from final
