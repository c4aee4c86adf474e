{#- One row per (record, identifier) an identity record carries: the values deterministic rules link
    on. identifier_type names the rule (var identity_deterministic_rules). Placeholders and invalid
    values are already null in staging, so they never appear here. Each branch yields one row per
    staged key and identifier type (web ids: distinct values), so the union needs no distinct; the
    grain is tested. A view: only int_identity_edges_deterministic reads it, once (at 1M people
    storing its 11.2M rows cost seconds for nothing); a table on Spark (macro view_materialization). -#}
{{ config(materialized=cdp.view_materialization()) }}

with

records as (

    select
        record_key,
        source_table,
        source_record_id,
        email_match_key,
        phone_e164
    from {{ ref('int_identity_records_unioned') }}

),

contact_identifiers as (

    select
        record_key,
        'email' as identifier_type,
        email_match_key as identifier_value
    from records
    where email_match_key is not null and source_table != 'web_events'
    union all
    select
        record_key,
        'phone' as identifier_type,
        phone_e164 as identifier_value
    from records
    where phone_e164 is not null and source_table != 'web_events'

),

account_identifiers as (

    select
        {{ dbt.concat(["'shop_customers:'", 'customer_id']) }} as record_key,
        'account' as identifier_type,
        customer_id as identifier_value
    from {{ ref('stg_shop__customers') }}
    union all
    select
        {{ dbt.concat(["'shop_orders:'", 'order_id']) }} as record_key,
        'account' as identifier_type,
        customer_id as identifier_value
    from {{ ref('stg_shop__orders') }}
    where customer_id is not null
    union all
    select
        {{ dbt.concat(["'shop_orders:'", 'order_id']) }} as record_key,
        'order' as identifier_type,
        order_id as identifier_value
    from {{ ref('stg_shop__orders') }}

),

loyalty_identifiers as (

    select
        {{ dbt.concat(["'loyalty_members:'", 'loyalty_card_id']) }} as record_key,
        'loyalty_card' as identifier_type,
        loyalty_card_id as identifier_value
    from {{ ref('stg_loyalty__members') }}
    union all
    select
        {{ dbt.concat(["'pos_transactions:'", 'transaction_id']) }} as record_key,
        'loyalty_card' as identifier_type,
        loyalty_card_id as identifier_value
    from {{ ref('stg_pos__transactions') }}
    where loyalty_card_id is not null

),

social_identifiers as (

    select
        {{ dbt.concat(["'social_leads:'", 'lead_id']) }} as record_key,
        'social_id' as identifier_type,
        {{ dbt.concat(['platform', "':'", 'platform_user_id']) }} as identifier_value
    from {{ ref('stg_social__leads') }}
    where platform_user_id is not null

),

web_identifiers as (

    {#- An anonymous id carries every identifier seen on its events: the account it logged in to, the
        device, emails and phones of identify calls, and the orders it completed. #}
    select distinct
        {{ dbt.concat(["'web_events:'", 'anonymous_id']) }} as record_key,
        identifier_type,
        identifier_value
    from (
        select
            anonymous_id,
            'account' as identifier_type,
            user_id as identifier_value
        from {{ ref('stg_web__events') }}
        where user_id is not null
        union all
        select
            anonymous_id,
            'device' as identifier_type,
            device_id as identifier_value
        from {{ ref('stg_web__events') }}
        where device_id is not null
        union all
        select
            anonymous_id,
            'email' as identifier_type,
            email_match_key as identifier_value
        from {{ ref('stg_web__events') }}
        where email_match_key is not null
        union all
        select
            anonymous_id,
            'phone' as identifier_type,
            phone_e164 as identifier_value
        from {{ ref('stg_web__events') }}
        where phone_e164 is not null
        union all
        select
            anonymous_id,
            'order' as identifier_type,
            order_id as identifier_value
        from {{ ref('stg_web__events') }}
        where order_id is not null and event_name = 'order_completed'
    ) as web_event_identifiers
    where anonymous_id is not null

),

final as (

    select * from contact_identifiers
    union all
    select * from account_identifiers
    union all
    select * from loyalty_identifiers
    union all
    select * from social_identifiers
    union all
    select * from web_identifiers

)

select * from final
