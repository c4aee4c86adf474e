{#- Every staged web and app event with its visitor's customer and its session (docs/marts.md,
    fct_web_sessions). A visitor is an anonymous_id (an event sent without one, by a logged-in user
    only, falls back to 'user:<user_id>'). A visitor's events, in time order, start a new session after
    a gap longer than var('web_session_inactivity_minutes'); a gap of exactly that long stays in the
    session. customer_id: the customer of the anonymous id's identity record (else of the shop account
    user_id names), shown only once that customer is identified (int_customers_identified), so browsing
    before a login is attributed to the customer as soon as any later identify stitches the id.
    Grain: one row per event_id. A view: its one reader, fct_customer_events, stores the events with
    their session (fct_web_sessions and attribution read them there), so the 12M rows at 1M people are
    written once. -#}
{{ config(materialized='view') }}
{%- set inactivity_seconds = cdp.positive_number_var('web_session_inactivity_minutes') * 60 %}
{#- The visitor of an event: the erasure request's anonymous key, else the anonymous id, else the
    logged-in user. Written once, applied twice: to the narrow rows the session windows sort, and to the
    events joined to their session (carrying the 32-character key through the 12M-row join at 1M
    people cost more than working it out again). #}
{%- set visitor_key = "coalesce(erased_customer_key, anonymous_id, " ~ dbt.concat(["'user:'", 'user_id']) ~ ")" %}

with

events as (

    {#- What each event says on its own is worked out here, before the join to its session: DuckDB
        evaluates an expression on a dictionary-encoded column once per distinct value (4,220 page urls
        for 12M events at 1M people), which the rows coming out of a join no longer are. -#}
    select
        *,
        {{ cdp.url_without_query('page_url') }} as page_path,
        {{ cdp.to_local_timestamp('occurred_at') }} as occurred_at_local,
        {{ cdp.local_date('occurred_at') }} as event_date,
        case
            when order_id is not null then {{ dbt.concat(["'shop_orders:'", 'order_id']) }}
        end as order_key
    from {{ ref('stg_web__events') }}

),

event_pages as (

    select
        *,
        {{ cdp.product_slug('page_path') }} as product_slug
    from events

),

event_times as (

    {#- What the session windows need of each event, read on its own (two readers of one CTE would make
        DuckDB materialise the 12M wide events). -#}
    select
        event_id,
        anonymous_id,
        user_id,
        occurred_at
    from {{ ref('stg_web__events') }}

),

customer_records as (

    select
        record_key,
        customer_id
    from {{ ref('int_customer_ids_retained') }}

),

identified as (

    select
        customer_id,
        is_identified
    from {{ ref('int_customers_identified') }}

),

event_records as (

    {#- Only the two kinds of record an event can name, filtered first and told whether their customer
        is identified: the events' joins build their hash tables on these (about a third of the records
        at 1M people) and need no third join of every event to the customers. Each carries the id the
        event holds (its key without the table prefix), so the 12M events join on their own column
        instead of building a prefixed key per join. -#}
    select
        customer_records.record_key,
        case
            when customer_records.record_key like 'web_events:%'
                then substr(customer_records.record_key, {{ dbt.length("'web_events:'") }} + 1)
        end as anonymous_id,
        case
            when customer_records.record_key like 'shop_customers:%'
                then substr(customer_records.record_key, {{ dbt.length("'shop_customers:'") }} + 1)
        end as user_id,
        customer_records.customer_id,
        coalesce(identified.is_identified, false) as is_identified
    from customer_records
    left join identified on customer_records.customer_id = identified.customer_id
    where
        customer_records.record_key like 'web_events:%'
        or customer_records.record_key like 'shop_customers:%'

),

anonymous_records as (

    select * from event_records
    where anonymous_id is not null

),

account_records as (

    select * from event_records
    where user_id is not null

),

erased_records as (

    select
        source_table,
        source_record_id,
        erased_customer_key
    from {{ ref('int_erasure_records_resolved') }}
    where source_table in ('web_events', 'shop_customers')

),

erasure_flagged as (

    {#- Erasure (docs/privacy.md): the events of an erased person's anonymous id or shop account stay
        (sessions and conversion are unchanged) under the anonymous key of the request, without her
        anonymous id, account or device. -#}
    select
        event_times.event_id,
        event_times.anonymous_id,
        event_times.user_id,
        event_times.occurred_at,
        coalesce(anonymous_erased.erased_customer_key, account_erased.erased_customer_key) as erased_customer_key
    from event_times
    left join erased_records as anonymous_erased
        on
            event_times.anonymous_id = anonymous_erased.source_record_id
            and anonymous_erased.source_table = 'web_events'
    left join erased_records as account_erased
        on
            event_times.user_id = account_erased.source_record_id
            and account_erased.source_table = 'shop_customers'

),

visitors as (

    select
        event_id,
        occurred_at,
        erased_customer_key,
        {{ visitor_key }} as visitor_key
    from erasure_flagged

),

event_order as (

    {#- The session windows sort only what they need (visitor, time, event id), not the whole event:
        at 12M events sorting the wide rows twice cost more than joining the result back. -#}
    select
        event_id,
        visitor_key,
        erased_customer_key,
        occurred_at,
        lag(occurred_at) over (partition by visitor_key order by occurred_at, event_id) as previous_occurred_at
    from visitors

),

gaps as (

    select
        event_id,
        visitor_key,
        erased_customer_key,
        occurred_at,
        {{ dbt.datediff('previous_occurred_at', 'occurred_at', 'second') }}
            as seconds_since_previous_event
    from event_order

),

session_starts as (

    select
        *,
        coalesce(seconds_since_previous_event > {{ inactivity_seconds }}, true) as is_session_start
    from gaps

),

numbered as (

    select
        event_id,
        erased_customer_key,
        seconds_since_previous_event,
        is_session_start,
        sum(case when is_session_start then 1 else 0 end) over (
            partition by visitor_key
            order by occurred_at, event_id
            rows between unbounded preceding and current row
        ) as session_number
    from session_starts

),

joined as (

    select
        event_pages.*,
        numbered.erased_customer_key,
        numbered.seconds_since_previous_event,
        numbered.is_session_start,
        numbered.session_number,
        coalesce(anonymous_records.customer_id, account_records.customer_id) as resolved_customer_id,
        case
            when anonymous_records.customer_id is not null then anonymous_records.is_identified
            else account_records.is_identified
        end as is_identified
    from event_pages
    inner join numbered on event_pages.event_id = numbered.event_id
    left join anonymous_records on event_pages.anonymous_id = anonymous_records.anonymous_id
    left join account_records on event_pages.user_id = account_records.user_id

),

customers as (

    select
        *,
        {{ visitor_key }} as visitor_key
    from joined

),

final as (

    select
        customers.event_id,
        customers.visitor_key,
        coalesce(customers.erased_customer_key, customers.anonymous_id) as anonymous_id,
        case when customers.erased_customer_key is null then customers.user_id end as user_id,
        case when customers.is_identified then customers.resolved_customer_id end as customer_id,
        customers.event_name,
        customers.occurred_at,
        customers.occurred_at_local,
        customers.event_date,
        customers.platform,
        case when customers.erased_customer_key is null then customers.device_id end as device_id,
        customers.page_url,
        customers.page_path,
        customers.product_slug,
        customers.order_id,
        customers.order_key,
        customers.utm_source,
        customers.utm_medium,
        customers.utm_campaign,
        customers.seconds_since_previous_event,
        customers.is_session_start,
        customers.session_number,
        {{ cdp.web_session_key('customers.visitor_key', 'customers.session_number') }} as session_key
    from customers

)

select * from final
