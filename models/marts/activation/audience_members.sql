{#- Members of every audience of var activation_audiences (macro activation_audiences, checked at
    compile time), as of the latest event (or var activation_as_of_date). Each audience's condition is
    applied to the signals of macro audience_window_ctes, and its consent purpose is a gate: only a
    customer whose customer_consent for the purpose is granted can be a member (unknown or revoked:
    never). Grain: one row per (audience, customer_id). -#}
{%- set audiences = cdp.activation_audiences() %}
with

dim_customers as (

    select * from {{ ref('dim_customers') }}

),

all_events as (

    select * from {{ ref('fct_customer_events') }}

),

orders as (

    select * from {{ ref('fct_orders') }}

),

consent as (

    select * from {{ ref('customer_consent') }}

),

latest_event as (

    select max(occurred_at) as latest_event_at
    from all_events

),

as_of as (

    select {{ cdp.activation_as_of_at() }} as as_of_at
    from latest_event

),

events as (

    select all_events.*
    from all_events
    cross join as_of
    where
        all_events.customer_id is not null
        and all_events.occurred_at <= as_of.as_of_at

),

completed_orders as (

    select
        orders.customer_id,
        orders.ordered_at
    from orders
    cross join as_of
    where
        orders.customer_id is not null
        and orders.is_completed
        and orders.ordered_at <= as_of.as_of_at

),

email_subscriptions as (

    {#- Opt-ins to email marketing: a grant after no evidence or after a revocation. A grant that
        repeats a granted state is no new subscription: a shop account's accepts_marketing is evidence
        dated at the account's last update (int_consent_events_resolved), so editing an account that
        opted in months ago would otherwise look like an opt-in today. At one instant a grant comes
        before a revocation (the revocation wins, as in customer_consent). An unsubscribe or a complaint
        email event revokes (the timeline keeps them as email events, int_consent_events_resolved). -#}
    select
        customer_id,
        occurred_at
    from (
        select
            customer_id,
            occurred_at,
            event_type,
            lag(event_type) over (
                partition by customer_id
                order by occurred_at, event_type, event_key
            ) as previous_event_type
        from (
            select
                customer_id,
                occurred_at,
                case when channel = 'email' then 'consent_revoked' else event_type end as event_type,
                event_key
            from events
            where
                (channel = 'consent' and event_detail = 'email_marketing')
                or (channel = 'email' and event_type in ('unsubscribe', 'complaint'))
        ) as email_consent_evidence
    ) as email_consent_events
    where
        event_type = 'consent_granted'
        and coalesce(previous_event_type, 'none') != 'consent_granted'

),

granted_consent as (

    select
        customer_id,
        purpose
    from consent
    where is_granted

),

clv_deciles as (

    select
        customer_id,
        ntile(10) over (order by predicted_clv_vnd desc, customer_id asc) as clv_decile
    from dim_customers
    where predicted_clv_vnd is not null

),

historical_clv_deciles as (

    {#- Among the customers with a completed order: 1 for the top 10% of historical CLV (net revenue to
        date), ... 10. Predicted CLV weighs the future by p_alive, so its top decile holds the customers
        likely to stay; the customers who spent the most and may be leaving are found here. -#}
    select
        customer_id,
        ntile(10) over (order by historical_clv_vnd desc, customer_id asc) as historical_clv_decile
    from dim_customers
    where completed_order_count > 0

),

last_purchases as (

    select
        customer_id,
        max(ordered_at) as last_purchase_at
    from completed_orders
    group by customer_id

),

intent_before_identified as (

    {#- Product views and cart events of the customer's web or app visits before they became known. -#}
    select
        events.customer_id,
        count(*) as intent_events_before_identified
    from events
    inner join dim_customers
        on events.customer_id = dim_customers.customer_id
    where
        events.channel in ('web', 'app')
        and events.event_type in ('product_view', 'add_to_cart', 'checkout_started')
        and events.occurred_at < dim_customers.identified_at
    group by events.customer_id

),

customers as (

    select
        dim_customers.*,
        clv_deciles.clv_decile,
        historical_clv_deciles.historical_clv_decile,
        last_purchases.last_purchase_at,
        {#- Vietnamese business days, as customer_rfm's days since the last order. -#}
        {{ dbt.datediff(cdp.local_date('last_purchases.last_purchase_at'), cdp.local_date('as_of.as_of_at'), 'day') }}
            as days_since_last_purchase,
        coalesce(intent_before_identified.intent_events_before_identified, 0) as intent_events_before_identified
    from dim_customers
    cross join as_of
    left join clv_deciles
        on dim_customers.customer_id = clv_deciles.customer_id
    left join historical_clv_deciles
        on dim_customers.customer_id = historical_clv_deciles.customer_id
    left join last_purchases
        on dim_customers.customer_id = last_purchases.customer_id
    left join intent_before_identified
        on dim_customers.customer_id = intent_before_identified.customer_id

),

{% for audience in audiences %}
    {{ cdp.audience_window_ctes(audience) }}

{% endfor %}
members as (

    {%- for audience in audiences %}
        select * from {{ audience['name'] }}__members
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}

),

final as (

    select
        {{ dbt.concat(['members.audience', "':'", 'members.customer_id']) }} as membership_key,
        members.audience,
        members.customer_id,
        members.purpose,
        members.reason,
        members.products,
        as_of.as_of_at,
        members.last_cart_at,
        members.last_product_view_at,
        members.days_since_last_purchase,
        members.predicted_clv_vnd,
        members.p_alive
    from members
    cross join as_of

)

select * from final
