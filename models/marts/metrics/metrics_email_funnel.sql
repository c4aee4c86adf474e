{#- The email funnel sent -> delivered -> opened -> clicked -> ordered. A recipient is one subscriber
    of one campaign; each step counts the recipients with at least one event of that type. Grain: one
    row per Vietnamese business month of the recipient's send x campaign. -#}
with

events as (

    select
        subscriber_id,
        campaign_id,
        event_type,
        occurred_at
    from {{ ref('stg_email__events') }}
    where campaign_id is not null

),

recipients as (

    select
        subscriber_id,
        campaign_id,
        min(case when event_type = 'sent' then occurred_at end) as sent_at,
        min(occurred_at) as first_event_at,
        max(case when event_type = 'sent' then 1 else 0 end) as is_sent,
        max(case when event_type = 'delivered' then 1 else 0 end) as is_delivered,
        max(case when event_type = 'bounce' then 1 else 0 end) as is_bounced,
        max(case when event_type = 'open' then 1 else 0 end) as is_opened,
        max(case when event_type = 'click' then 1 else 0 end) as is_clicked,
        max(case when event_type = 'unsubscribe' then 1 else 0 end) as is_unsubscribed,
        max(case when event_type = 'complaint' then 1 else 0 end) as is_complained
    from events
    group by
        subscriber_id,
        campaign_id

),

dated as (

    {#- The send month: of the sent event, or of the recipient's first event when the platform
        delivered no sent event. -#}
    select
        *,
        {{ cdp.local_month('coalesce(sent_at, first_event_at)') }} as send_month
    from recipients

),

aggregated as (

    select
        send_month,
        campaign_id,
        cast(sum(is_sent) as {{ dbt.type_bigint() }}) as sent,
        cast(sum(is_delivered) as {{ dbt.type_bigint() }}) as delivered,
        cast(sum(is_bounced) as {{ dbt.type_bigint() }}) as bounced,
        cast(sum(is_opened) as {{ dbt.type_bigint() }}) as opened,
        cast(sum(is_clicked) as {{ dbt.type_bigint() }}) as clicked,
        cast(sum(is_unsubscribed) as {{ dbt.type_bigint() }}) as unsubscribed,
        cast(sum(is_complained) as {{ dbt.type_bigint() }}) as complained
    from dated
    group by
        send_month,
        campaign_id

),

final as (

    select
        send_month,
        campaign_id,
        sent,
        delivered,
        bounced,
        opened,
        clicked,
        unsubscribed,
        complained,
        {{ cdp.ratio('delivered', 'sent') }} as delivery_rate,
        {{ cdp.ratio('opened', 'delivered') }} as open_rate,
        {{ cdp.ratio('clicked', 'opened') }} as click_to_open_rate
    from aggregated

)

select * from final
