{#- Contract output: the customer timeline, every touchpoint (docs/marts.md, fct_customer_events):
    web and app events (customer through the anonymous id's identity record, null while that customer is
    not identified: browsing before a login is attributed once stitched), email events (through the
    subscriber), social leads, support tickets (created, and resolved as an event of its own), online
    orders and in-store transactions (anonymous till receipts name nobody and are left out), consent
    changes (int_consent_events_resolved: consent records, shop accepts_marketing, subscriber status;
    unsubscribe and complaint email events are already here as email events; evidence that resolves to
    no customer stays in the consent model). Grain: one row per event_key.
    Incremental where var staging_incremental is true (DuckDB, PostgreSQL; docs/scaling.md "Incremental
    runs"): a run rewrites the events of the web visitors whose events changed since its last run
    (staged again, new, or with another visitor or customer than the one stored: a merge, an identify, an
    erasure; or gone from staging: deleted at the source, or withdrawn, their new delivery quarantined),
    their sessions cut again over all their events; the email events staged again, new, or with another
    customer than the one stored; and every other touchpoint, which it replaces whole (pre_hook). The
    post_hooks delete the web and email events staging no longer yields and the email events of erased
    subscribers; the other web and email events stay as stored.
    Erasure (docs/privacy.md): an erased person's web events stay under the request's anonymous key
    (int_web_events_resolved) and her orders under it (int_orders_unioned); her email events, social
    leads and support tickets are left out (CTE erased_records). -#}
{{ config(
    materialized=cdp.incremental_materialization(),
    unique_key='event_key',
    incremental_strategy='delete+insert',
    on_schema_change='fail',
    pre_hook="{% if is_incremental() %}delete from {{ this }} where source_table not in ('web_events', 'email_events'){% endif %}",
    post_hook=[
        "{% if is_incremental() %}delete from {{ this }} as stored where stored.source_table = 'web_events' and not exists (select 1 from {{ ref('stg_web__events') }} as staged where staged.event_id = stored.source_record_id){% endif %}",
        "{% if is_incremental() %}delete from {{ this }} as stored where stored.source_table = 'email_events' and not exists (select 1 from {{ ref('stg_email__events') }} as staged where staged.event_id = stored.source_record_id){% endif %}",
        "{% if is_incremental() %}delete from {{ this }} where source_table = 'email_events' and source_record_id in (select erased_events.event_id from {{ ref('stg_email__events') }} as erased_events inner join {{ ref('int_erasure_records_resolved') }} as erased on erased.source_table = 'email_subscribers' and erased.source_record_id = erased_events.subscriber_id){% endif %}"
    ]
) }}
-- depends_on: {{ ref('int_web_events_resolved') }}
-- depends_on: {{ ref('stg_web__events') }}
with

{% if is_incremental() %}

stored_web_events as (

    select
        source_record_id as event_id,
        visitor_key,
        customer_id
    from {{ this }}
    where source_table = 'web_events'

),

stored_email_events as (

    select
        source_record_id as event_id,
        customer_id
    from {{ this }}
    where source_table = 'email_events'

),

last_build as (

    {#- The start of the last run that wrote a web or email event (the pre_hook has deleted the other
        touchpoints): an event staged after it is changed. An earlier time only widens the window. -#}
    select max(_built_at) as built_at
    from {{ this }}

),

resolved_events as (

    select * from {{ ref('int_web_events_resolved') }}

),

changed_events as (

    {#- The events staged since the last run (new or delivered again), and those whose visitor or
        customer is not the stored one: identity resolution merged or split their customer, an identify
        stitched their visitor, an erasure moved them to the request's anonymous key. -#}
    select
        resolved_events.visitor_key,
        stored_web_events.visitor_key as stored_visitor_key
    from resolved_events
    cross join last_build
    left join stored_web_events on resolved_events.event_id = stored_web_events.event_id
    where
        {{ cdp.touchpoint_changed('resolved_events', 'stored_web_events', 'event_id', ['visitor_key', 'customer_id']) | indent(8) }}

),

gone_visitors as (

    {#- The stored visitors of the events staging no longer yields: deleted at the source, or withdrawn
        (their new delivery replaced the stored row and is quarantined). Their other events' sessions
        are cut again without them; the post_hook deletes their rows. -#}
    select stored_web_events.visitor_key
    from stored_web_events
    where not exists (
        select 1 from {{ ref('stg_web__events') }} as staged
        where staged.event_id = stored_web_events.event_id
    )

),

rewritten_visitors as (

    {#- Every visitor with a changed event, under its visitor key now and the stored one: a visitor that
        lost events to an erasure's key, or gone ones, has its remaining events' sessions cut again
        too. -#}
    select visitor_key from changed_events
    union
    select stored_visitor_key from changed_events
    where stored_visitor_key is not null
    union
    select visitor_key from gone_visitors

),

rewritten_events as (

    {#- Every event of those visitors: the session windows need all of a visitor's events. -#}
    select resolved_events.*
    from resolved_events
    inner join rewritten_visitors on resolved_events.visitor_key = rewritten_visitors.visitor_key

),

{% endif %}

web_events as (

    {% if is_incremental() -%}
        {{ cdp.web_events_sessionised('rewritten_events') | indent(8) }}
    {%- else -%}
        select * from {{ ref('int_web_events_sessionised') }}
    {%- endif %}

),

email_events as (

    select * from {{ ref('stg_email__events') }}

),

social_leads as (

    select * from {{ ref('stg_social__leads') }}

),

support_tickets as (

    select * from {{ ref('stg_support__tickets') }}

),

orders as (

    select * from {{ ref('int_orders_unioned') }}
    {#- An erased person's orders stay in fct_orders under an anonymous key, never as her touchpoints. #}
    where customer_id is not null and not is_customer_erased

),

consent_evidence as (

    select * from {{ ref('int_consent_events_resolved') }}
    where customer_id is not null and source_table != 'email_events'

),

customer_records as (

    select
        record_key,
        customer_id
    from {{ ref('int_customer_ids_retained') }}

),

erased_records as (

    {#- The erased records whose touchpoints are left out (the web visitor's and the orders' stay,
        anonymous): her email subscription, social leads and support tickets. -#}
    select
        source_table,
        source_record_id
    from {{ ref('int_erasure_records_resolved') }}
    where source_table in ('email_subscribers', 'social_leads', 'support_tickets')

),

subscriber_records as (

    {#- The subscribers' records by subscriber id (their key without the table prefix): the 4M email
        events join on their own column, against these records only. -#}
    select
        substr(record_key, {{ dbt.length("'email_subscribers:'") }} + 1) as subscriber_id,
        customer_id
    from customer_records
    where record_key like 'email_subscribers:%'

),

web_touchpoints as (

    select
        {{ dbt.concat(["'web_events:'", 'event_id']) }} as event_key,
        customer_id,
        occurred_at,
        case when platform = 'web' then 'web' else 'app' end as channel,
        event_name as event_type,
        platform as event_detail,
        'web_events' as source_table,
        event_id as source_record_id,
        anonymous_id,
        session_key,
        order_key,
        utm_campaign as campaign_id,
        product_slug,
        page_url,
        cast(null as {{ dbt.type_numeric() }}) as amount_vnd,
        utm_source,
        utm_medium,
        occurred_at_local,
        event_date,
        visitor_key,
        session_number,
        is_session_start,
        device_id
    from web_events

),

email_events_resolved as (

    select
        email_events.event_id,
        subscriber_records.customer_id,
        email_events.occurred_at,
        email_events.event_type,
        email_events.campaign_id,
        email_events._staged_at
    from email_events
    left join subscriber_records on email_events.subscriber_id = subscriber_records.subscriber_id
    left join erased_records
        on
            email_events.subscriber_id = erased_records.source_record_id
            and erased_records.source_table = 'email_subscribers'
    where erased_records.source_record_id is null

),

{% if is_incremental() %}

email_events_changed as (

    {#- The email events staged since the last run (new or delivered again), and those whose customer is
        not the stored one (a merge or split of the subscriber's customer, an erasure). -#}
    select email_events_resolved.*
    from email_events_resolved
    cross join last_build
    left join stored_email_events on email_events_resolved.event_id = stored_email_events.event_id
    where
        {{ cdp.touchpoint_changed('email_events_resolved', 'stored_email_events', 'event_id', ['customer_id']) | indent(8) }}

),

{% endif %}

email_touchpoints as (

    select
        {{ dbt.concat(["'email_events:'", 'event_id']) }} as event_key,
        customer_id,
        occurred_at,
        'email' as channel,
        event_type,
        cast(null as {{ dbt.type_string() }}) as event_detail,
        'email_events' as source_table,
        event_id as source_record_id,
        campaign_id
    from {{ 'email_events_changed' if is_incremental() else 'email_events_resolved' }}

),

social_touchpoints as (

    select
        {{ dbt.concat(["'social_leads:'", 'social_leads.lead_id']) }} as event_key,
        customer_records.customer_id,
        social_leads.created_at as occurred_at,
        'social' as channel,
        'lead_created' as event_type,
        social_leads.platform as event_detail,
        'social_leads' as source_table,
        social_leads.lead_id as source_record_id,
        social_leads.campaign_id
    from social_leads
    left join customer_records
        on {{ dbt.concat(["'social_leads:'", 'social_leads.lead_id']) }} = customer_records.record_key
    left join erased_records
        on
            social_leads.lead_id = erased_records.source_record_id
            and erased_records.source_table = 'social_leads'
    where erased_records.source_record_id is null

),

ticket_customers as (

    select
        support_tickets.ticket_id,
        support_tickets.channel,
        support_tickets.category,
        support_tickets.created_at,
        support_tickets.resolved_at,
        customer_records.customer_id
    from support_tickets
    left join customer_records
        on {{ dbt.concat(["'support_tickets:'", 'support_tickets.ticket_id']) }} = customer_records.record_key
    left join erased_records
        on
            support_tickets.ticket_id = erased_records.source_record_id
            and erased_records.source_table = 'support_tickets'
    where erased_records.source_record_id is null

),

support_touchpoints as (

    select
        {{ dbt.concat(["'support_tickets:'", 'ticket_id', "':created'"]) }} as event_key,
        customer_id,
        created_at as occurred_at,
        'support' as channel,
        'ticket_created' as event_type,
        {{ dbt.concat(['channel', "'/'", "coalesce(category, '')"]) }} as event_detail,
        'support_tickets' as source_table,
        ticket_id as source_record_id
    from ticket_customers
    union all
    select
        {{ dbt.concat(["'support_tickets:'", 'ticket_id', "':resolved'"]) }} as event_key,
        customer_id,
        resolved_at as occurred_at,
        'support' as channel,
        'ticket_resolved' as event_type,
        {{ dbt.concat(['channel', "'/'", "coalesce(category, '')"]) }} as event_detail,
        'support_tickets' as source_table,
        ticket_id as source_record_id
    from ticket_customers
    where resolved_at is not null

),

order_touchpoints as (

    select
        order_key as event_key,
        customer_id,
        ordered_at as occurred_at,
        case when channel = 'online' then 'online_store' else 'in_store' end as channel,
        'order_placed' as event_type,
        status as event_detail,
        source_table,
        order_id as source_record_id,
        cast(null as {{ dbt.type_string() }}) as anonymous_id,
        cast(null as {{ dbt.type_string() }}) as session_key,
        order_key,
        utm_campaign as campaign_id,
        cast(null as {{ dbt.type_string() }}) as product_slug,
        cast(null as {{ dbt.type_string() }}) as page_url,
        net_amount_vnd as amount_vnd,
        utm_source,
        utm_medium
    from orders

),

consent_touchpoints as (

    {#- One piece of evidence can concern several customers (an identifier they share): one row each. -#}
    select
        {{ dbt.concat(["'consent:'", 'evidence_id', "'@'", 'customer_id']) }} as event_key,
        customer_id,
        occurred_at,
        'consent' as channel,
        {{ dbt.concat(["'consent_'", 'status']) }} as event_type,
        purpose as event_detail,
        source_table,
        source_record_id,
        cast(null as {{ dbt.type_string() }}) as campaign_id
    from consent_evidence

),

untracked_touchpoints as (

    {#- Email, social, support and consent touchpoints: no web session, no order, no UTM tags. -#}
    select * from email_touchpoints
    union all
    select * from social_touchpoints
    union all
    select
        *,
        cast(null as {{ dbt.type_string() }}) as campaign_id
    from support_touchpoints
    union all
    select * from consent_touchpoints

),

untracked_columns as (

    {#- The web and order columns these touchpoints lack, null, defined once for all four. -#}
    select
        event_key,
        customer_id,
        occurred_at,
        channel,
        event_type,
        event_detail,
        source_table,
        source_record_id,
        cast(null as {{ dbt.type_string() }}) as anonymous_id,
        cast(null as {{ dbt.type_string() }}) as session_key,
        cast(null as {{ dbt.type_string() }}) as order_key,
        campaign_id,
        cast(null as {{ dbt.type_string() }}) as product_slug,
        cast(null as {{ dbt.type_string() }}) as page_url,
        cast(null as {{ dbt.type_numeric() }}) as amount_vnd,
        cast(null as {{ dbt.type_string() }}) as utm_source,
        cast(null as {{ dbt.type_string() }}) as utm_medium
    from untracked_touchpoints

),

other_touchpoints as (

    select * from untracked_columns
    union all
    select * from order_touchpoints

),

localised as (

    {#- Web and app events carry their local time from int_web_events_sessionised (computed there once,
        12M rows at 1M people); every other touchpoint gets it here. -#}
    select * from web_touchpoints
    union all
    select
        *,
        {{ cdp.to_local_timestamp('occurred_at') }} as occurred_at_local,
        {{ cdp.local_date('occurred_at') }} as event_date,
        cast(null as {{ dbt.type_string() }}) as visitor_key,
        cast(null as {{ dbt.type_int() }}) as session_number,
        cast(null as {{ dbt.type_boolean() }}) as is_session_start,
        cast(null as {{ dbt.type_string() }}) as device_id
    from other_touchpoints

),

final as (

    select
        event_key,
        customer_id,
        occurred_at,
        occurred_at_local,
        event_date,
        channel,
        event_type,
        event_detail,
        source_table,
        source_record_id,
        anonymous_id,
        session_key,
        order_key,
        campaign_id,
        product_slug,
        page_url,
        amount_vnd,
        utm_source,
        utm_medium,
        visitor_key,
        session_number,
        is_session_start,
        device_id,
        {{ cdp.run_started_at_timestamp() }} as _built_at
    from localised

)

select * from final
