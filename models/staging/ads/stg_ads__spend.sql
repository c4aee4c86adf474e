with

base as (

    select * from {{ ref('base_ads__spend') }}

),

final as (

    select
        ad_spend_id,
        spend_date,
        platform,
        campaign_id,
        campaign_name,
        channel,
        spend,
        currency,
        spend_vnd,
        impressions,
        clicks
    from base
    where quarantine_reason is null and not is_duplicate

)

select * from final
