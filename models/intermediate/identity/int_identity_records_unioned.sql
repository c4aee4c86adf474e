{#- One row per identity-bearing source record, with the person attributes fuzzy matching and the
    over-merge guards read. Web and app browsing is one record per anonymous_id. -#}
with

crm_contacts as (

    select
        'crm_contacts' as source_table,
        contact_id as source_record_id,
        full_name,
        full_name_ascii,
        family_name_key,
        given_name_key,
        name_tokens_sorted,
        email,
        email_match_key,
        phone_e164,
        date_of_birth,
        province_code,
        address_key,
        house_number,
        street_key,
        ward_key,
        district_key,
        created_at as first_seen_at,
        coalesce(updated_at, created_at) as last_seen_at
    from {{ ref('stg_crm__contacts') }}

),

shop_customers as (

    select
        'shop_customers' as source_table,
        customer_id as source_record_id,
        full_name,
        full_name_ascii,
        family_name_key,
        given_name_key,
        name_tokens_sorted,
        email,
        email_match_key,
        phone_e164,
        date_of_birth,
        province_code,
        cast(null as {{ dbt.type_string() }}) as address_key,
        cast(null as {{ dbt.type_string() }}) as house_number,
        cast(null as {{ dbt.type_string() }}) as street_key,
        cast(null as {{ dbt.type_string() }}) as ward_key,
        cast(null as {{ dbt.type_string() }}) as district_key,
        created_at as first_seen_at,
        coalesce(updated_at, created_at) as last_seen_at
    from {{ ref('stg_shop__customers') }}

),

shop_orders as (

    select
        'shop_orders' as source_table,
        order_id as source_record_id,
        cast(null as {{ dbt.type_string() }}) as full_name,
        cast(null as {{ dbt.type_string() }}) as full_name_ascii,
        cast(null as {{ dbt.type_string() }}) as family_name_key,
        cast(null as {{ dbt.type_string() }}) as given_name_key,
        cast(null as {{ dbt.type_string() }}) as name_tokens_sorted,
        email,
        email_match_key,
        phone_e164,
        cast(null as date) as date_of_birth,
        shipping_province_code as province_code,
        cast(null as {{ dbt.type_string() }}) as address_key,
        cast(null as {{ dbt.type_string() }}) as house_number,
        cast(null as {{ dbt.type_string() }}) as street_key,
        cast(null as {{ dbt.type_string() }}) as ward_key,
        cast(null as {{ dbt.type_string() }}) as district_key,
        ordered_at as first_seen_at,
        ordered_at as last_seen_at
    from {{ ref('stg_shop__orders') }}

),

pos_transactions as (

    select
        'pos_transactions' as source_table,
        transaction_id as source_record_id,
        full_name,
        full_name_ascii,
        family_name_key,
        given_name_key,
        name_tokens_sorted,
        cast(null as {{ dbt.type_string() }}) as email,
        cast(null as {{ dbt.type_string() }}) as email_match_key,
        phone_e164,
        cast(null as date) as date_of_birth,
        store_province_code as province_code,
        cast(null as {{ dbt.type_string() }}) as address_key,
        cast(null as {{ dbt.type_string() }}) as house_number,
        cast(null as {{ dbt.type_string() }}) as street_key,
        cast(null as {{ dbt.type_string() }}) as ward_key,
        cast(null as {{ dbt.type_string() }}) as district_key,
        transacted_at as first_seen_at,
        transacted_at as last_seen_at
    from {{ ref('stg_pos__transactions') }}
    where loyalty_card_id is not null or phone_e164 is not null

),

loyalty_members as (

    select
        'loyalty_members' as source_table,
        loyalty_card_id as source_record_id,
        full_name,
        full_name_ascii,
        family_name_key,
        given_name_key,
        name_tokens_sorted,
        email,
        email_match_key,
        phone_e164,
        date_of_birth,
        province_code,
        address_key,
        house_number,
        street_key,
        ward_key,
        district_key,
        enrolled_at as first_seen_at,
        enrolled_at as last_seen_at
    from {{ ref('stg_loyalty__members') }}

),

web_anonymous_ids as (

    select
        'web_events' as source_table,
        anonymous_id as source_record_id,
        cast(null as {{ dbt.type_string() }}) as full_name,
        cast(null as {{ dbt.type_string() }}) as full_name_ascii,
        cast(null as {{ dbt.type_string() }}) as family_name_key,
        cast(null as {{ dbt.type_string() }}) as given_name_key,
        cast(null as {{ dbt.type_string() }}) as name_tokens_sorted,
        max(email) as email,
        max(email_match_key) as email_match_key,
        max(phone_e164) as phone_e164,
        cast(null as date) as date_of_birth,
        cast(null as {{ dbt.type_string() }}) as province_code,
        cast(null as {{ dbt.type_string() }}) as address_key,
        cast(null as {{ dbt.type_string() }}) as house_number,
        cast(null as {{ dbt.type_string() }}) as street_key,
        cast(null as {{ dbt.type_string() }}) as ward_key,
        cast(null as {{ dbt.type_string() }}) as district_key,
        min(occurred_at) as first_seen_at,
        max(occurred_at) as last_seen_at
    from {{ ref('stg_web__events') }}
    where anonymous_id is not null
    group by anonymous_id

),

email_subscribers as (

    select
        'email_subscribers' as source_table,
        subscriber_id as source_record_id,
        full_name,
        full_name_ascii,
        family_name_key,
        given_name_key,
        name_tokens_sorted,
        email,
        email_match_key,
        cast(null as {{ dbt.type_string() }}) as phone_e164,
        cast(null as date) as date_of_birth,
        cast(null as {{ dbt.type_string() }}) as province_code,
        cast(null as {{ dbt.type_string() }}) as address_key,
        cast(null as {{ dbt.type_string() }}) as house_number,
        cast(null as {{ dbt.type_string() }}) as street_key,
        cast(null as {{ dbt.type_string() }}) as ward_key,
        cast(null as {{ dbt.type_string() }}) as district_key,
        opted_in_at as first_seen_at,
        opted_in_at as last_seen_at
    from {{ ref('stg_email__subscribers') }}

),

social_leads as (

    select
        'social_leads' as source_table,
        lead_id as source_record_id,
        full_name,
        full_name_ascii,
        family_name_key,
        given_name_key,
        name_tokens_sorted,
        email,
        email_match_key,
        phone_e164,
        cast(null as date) as date_of_birth,
        cast(null as {{ dbt.type_string() }}) as province_code,
        cast(null as {{ dbt.type_string() }}) as address_key,
        cast(null as {{ dbt.type_string() }}) as house_number,
        cast(null as {{ dbt.type_string() }}) as street_key,
        cast(null as {{ dbt.type_string() }}) as ward_key,
        cast(null as {{ dbt.type_string() }}) as district_key,
        created_at as first_seen_at,
        created_at as last_seen_at
    from {{ ref('stg_social__leads') }}

),

support_tickets as (

    select
        'support_tickets' as source_table,
        ticket_id as source_record_id,
        full_name,
        full_name_ascii,
        family_name_key,
        given_name_key,
        name_tokens_sorted,
        email,
        email_match_key,
        phone_e164,
        cast(null as date) as date_of_birth,
        cast(null as {{ dbt.type_string() }}) as province_code,
        cast(null as {{ dbt.type_string() }}) as address_key,
        cast(null as {{ dbt.type_string() }}) as house_number,
        cast(null as {{ dbt.type_string() }}) as street_key,
        cast(null as {{ dbt.type_string() }}) as ward_key,
        cast(null as {{ dbt.type_string() }}) as district_key,
        created_at as first_seen_at,
        coalesce(resolved_at, created_at) as last_seen_at
    from {{ ref('stg_support__tickets') }}

),

unioned as (

    select * from crm_contacts
    union all
    select * from shop_customers
    union all
    select * from shop_orders
    union all
    select * from pos_transactions
    union all
    select * from loyalty_members
    union all
    select * from web_anonymous_ids
    union all
    select * from email_subscribers
    union all
    select * from social_leads
    union all
    select * from support_tickets

),

keyed as (

    select
        {{ dbt.concat(['source_table', "':'", 'source_record_id']) }} as record_key,
        *
    from unioned

),

final as (

    select
        record_key,
        {#- Numbered in record_key order, so the smallest record_id is the smallest record_key: the
            clustering joins these integers instead of text keys. Renumbered by every build: never
            store it (stable ids are keyed on record_key). -#}
        row_number() over (order by record_key) as record_id,
        source_table,
        source_record_id,
        full_name,
        full_name_ascii,
        family_name_key,
        given_name_key,
        name_tokens_sorted,
        email,
        email_match_key,
        phone_e164,
        date_of_birth,
        province_code,
        address_key,
        house_number,
        street_key,
        ward_key,
        district_key,
        first_seen_at,
        last_seen_at
    from keyed

)

select * from final
