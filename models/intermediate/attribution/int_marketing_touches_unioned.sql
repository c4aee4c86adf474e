{#- Every marketing touch of a customer, the evidence attribution reads (docs/marts.md, attribution):
    - web_visit: a web or app event that lands a session (fct_customer_events, the sessionised events) or carries UTM
      tags, for a visitor stitched to an identified customer;
    - online_order: an online order (any status: the visit happened);
    - social_lead: a lead from a lead ad or chat, channel paid_social when it names a campaign, else
      organic_social, on the lead's platform.
    Web visits and orders map their UTM pair to channel and platform with seed utm_channel_mapping:
    without tags they are direct touches (first-touch acquisition counts them; last-touch order
    attribution skips them). touch_rank orders touches of the same instant (web visit before lead before
    order). Grain: one row per touch (touch_key = record key of its source row). -#}
with

web_events as (

    select
        source_record_id as event_id,
        customer_id,
        occurred_at,
        utm_source,
        utm_medium,
        campaign_id as utm_campaign
    from {{ ref('fct_customer_events') }}
    where
        source_table = 'web_events'
        and customer_id is not null
        and (is_session_start or utm_source is not null or utm_medium is not null or campaign_id is not null)

),

orders as (

    select
        order_key,
        order_id,
        customer_id,
        ordered_at,
        utm_source,
        utm_medium,
        utm_campaign
    from {{ ref('int_orders_unioned') }}
    where customer_id is not null and source_table = 'shop_orders'

),

social_leads as (

    select
        lead_id,
        platform,
        campaign_id,
        created_at
    from {{ ref('stg_social__leads') }}

),

customer_records as (

    select
        record_key,
        customer_id
    from {{ ref('int_customer_ids_retained') }}

),

utm_touches as (

    select
        {{ dbt.concat(["'web_events:'", 'event_id']) }} as touch_key,
        customer_id,
        occurred_at as touched_at,
        'web_visit' as touch_kind,
        1 as touch_rank,
        'web_events' as source_table,
        event_id as source_record_id,
        utm_source,
        utm_medium,
        utm_campaign
    from web_events
    union all
    select
        order_key as touch_key,
        customer_id,
        ordered_at as touched_at,
        'online_order' as touch_kind,
        3 as touch_rank,
        'shop_orders' as source_table,
        order_id as source_record_id,
        utm_source,
        utm_medium,
        utm_campaign
    from orders

),

utm_keyed as (

    select
        *,
        {{ cdp.utm_key('utm_source', 'utm_medium') }} as utm_key
    from utm_touches

),

utm_mapped as (

    select
        touch_key,
        customer_id,
        touched_at,
        touch_kind,
        touch_rank,
        source_table,
        source_record_id,
        {{ cdp.utm_marketing_channel('utm_key') }} as channel,
        {{ cdp.utm_platform('utm_key', 'utm_source') }} as platform,
        utm_campaign as campaign_id
    from utm_keyed

),

lead_touches as (

    select
        {{ dbt.concat(["'social_leads:'", 'social_leads.lead_id']) }} as touch_key,
        customer_records.customer_id,
        social_leads.created_at as touched_at,
        'social_lead' as touch_kind,
        2 as touch_rank,
        'social_leads' as source_table,
        social_leads.lead_id as source_record_id,
        case when social_leads.campaign_id is not null then 'paid_social' else 'organic_social' end as channel,
        social_leads.platform,
        social_leads.campaign_id
    from social_leads
    inner join customer_records
        on {{ dbt.concat(["'social_leads:'", 'social_leads.lead_id']) }} = customer_records.record_key

),

final as (

    select * from utm_mapped
    union all
    select * from lead_touches

)

select * from final
