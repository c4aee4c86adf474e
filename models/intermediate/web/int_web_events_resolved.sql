{#- Every staged web and app event with its visitor and its customer, before any session is cut
    (docs/marts.md, fct_web_sessions). A visitor is an anonymous_id (an event sent without one, by a
    logged-in user only, falls back to 'user:<user_id>'); an erased person's events become the visitor
    of the erasure request's anonymous key. customer_id: the customer of the anonymous id's identity
    record (else of the shop account user_id names), shown only once that customer is identified
    (int_customers_identified), so browsing before a login is attributed to the customer as soon as any
    later identify stitches the id. _staged_at: when staging parsed the event.
    Grain: one row per event_id. A narrow view with two readers: int_web_events_sessionised cuts the
    sessions over it, and an incremental run of fct_customer_events compares it with the stored events
    to find the visitors whose events changed (docs/scaling.md "Incremental runs"). -#}
{{ config(materialized='view') }}

with

events as (

    select
        event_id,
        anonymous_id,
        user_id,
        occurred_at,
        _staged_at
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
        at 1M people). Each carries the id the event holds (its key without the table prefix), so the
        12M events join on their own column instead of building a prefixed key per join. -#}
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

joined as (

    {#- Erasure (docs/privacy.md): the events of an erased person's anonymous id or shop account stay
        (sessions and conversion are unchanged) under the anonymous key of the request; the sessionised
        events drop her anonymous id, account and device. -#}
    select
        events.event_id,
        events.anonymous_id,
        events.user_id,
        events.occurred_at,
        events._staged_at,
        coalesce(anonymous_erased.erased_customer_key, account_erased.erased_customer_key) as erased_customer_key,
        coalesce(anonymous_records.customer_id, account_records.customer_id) as resolved_customer_id,
        case
            when anonymous_records.customer_id is not null then anonymous_records.is_identified
            else account_records.is_identified
        end as is_identified
    from events
    left join erased_records as anonymous_erased
        on
            events.anonymous_id = anonymous_erased.source_record_id
            and anonymous_erased.source_table = 'web_events'
    left join erased_records as account_erased
        on
            events.user_id = account_erased.source_record_id
            and account_erased.source_table = 'shop_customers'
    left join anonymous_records on events.anonymous_id = anonymous_records.anonymous_id
    left join account_records on events.user_id = account_records.user_id

),

final as (

    select
        event_id,
        anonymous_id,
        user_id,
        occurred_at,
        _staged_at,
        erased_customer_key,
        {{ cdp.web_visitor_key('erased_customer_key', 'anonymous_id', 'user_id') }} as visitor_key,
        case when is_identified then resolved_customer_id end as customer_id
    from joined

)

select * from final
