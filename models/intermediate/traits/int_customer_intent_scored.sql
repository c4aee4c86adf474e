{#- Purchase intent as of the as-of date (docs/traits.md "Affinity and intent"): per identified customer,
    the high-intent web and app events (var intent_event_weights) of the last intent_window_days Vietnamese
    days up to and including the as-of date, each weighted and halved every intent_half_life_days days
    before it, summed. Customers without such events are left out (customer_traits gives them 0).
    Grain: one row per customer_id. -#}
{%- set weights = var('intent_event_weights') -%}
{%- set half_life = cdp.positive_number_var('intent_half_life_days') -%}
{%- set window_days = cdp.positive_number_var('intent_window_days') -%}
with

events as (

    select * from {{ ref('fct_customer_events') }}
    where
        customer_id is not null
        and channel in ('web', 'app')
        and event_type in {{ cdp.sql_string_list(weights.keys() | list) }}

),

as_of as (

    {{ cdp.customer_traits_as_of_date() }}

),

localised as (

    select
        events.customer_id,
        events.event_type,
        events.occurred_at,
        {{ cdp.local_date('events.occurred_at') }} as event_local_date,
        as_of.as_of_date
    from events
    cross join as_of

),

dated as (

    select
        *,
        {{ dbt.datediff('event_local_date', 'as_of_date', 'day') }} as days_before_as_of,
        {{ cdp.traits_weight_case('event_type', 'intent_event_weights', var('web_event_names')) }} as event_weight
    from localised

),

weighted as (

    select
        *,
        event_weight
        * power(0.5, cast(days_before_as_of as {{ cdp.type_double() }}) / {{ half_life }}) as intent_weight
    from dated
    where days_before_as_of >= 0 and days_before_as_of < {{ window_days }}

),

final as (

    select
        customer_id,
        max(as_of_date) as as_of_date,
        sum(intent_weight) as intent_score,
        count(*) as intent_event_count,
        max(occurred_at) as last_intent_at
    from weighted
    group by customer_id

)

select * from final
