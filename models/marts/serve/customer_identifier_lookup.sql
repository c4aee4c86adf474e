{#- Which customer an identifier names, keyed by the identifier in its normalised form, for the profile
    service (cdp/serve.py) and anyone who looks a customer up: customer_id (the customer's own id),
    email (its match key, as identity resolution links on it), phone (E.164) and anonymous_id (a web or
    app visitor id, through the web_events identity record it keys). Only customers of dim_customers;
    an identifier shared by several customers has one row per customer (customer_count says how many).
    Grain: one row per (identifier_type, identifier_value, customer_id). -#}
with

customers as (

    select customer_id
    from {{ ref('dim_customers') }}

),

identity_map as (

    select
        record_key,
        source_table,
        source_record_id,
        customer_id
    from {{ ref('customer_identity_map') }}

),

identifiers as (

    select
        record_key,
        identifier_type,
        identifier_value
    from {{ ref('int_identity_identifiers_unioned') }}
    where identifier_type in ('email', 'phone')

),

contact_identifiers as (

    select
        identifiers.identifier_type,
        identifiers.identifier_value,
        identity_map.customer_id,
        count(*) as source_record_count
    from identifiers
    inner join identity_map
        on identifiers.record_key = identity_map.record_key
    group by identifiers.identifier_type, identifiers.identifier_value, identity_map.customer_id

),

anonymous_ids as (

    select
        'anonymous_id' as identifier_type,
        source_record_id as identifier_value,
        customer_id,
        count(*) as source_record_count
    from identity_map
    where source_table = 'web_events'
    group by source_record_id, customer_id

),

customer_ids as (

    select
        'customer_id' as identifier_type,
        customer_id as identifier_value,
        customer_id,
        1 as source_record_count
    from customers

),

unioned as (

    select * from customer_ids
    union all
    select * from contact_identifiers
    union all
    select * from anonymous_ids

),

final as (

    select
        {{ dbt.concat(['unioned.identifier_type', "':'", 'unioned.identifier_value', "':'", 'unioned.customer_id']) }} as lookup_key,
        unioned.identifier_type,
        unioned.identifier_value,
        unioned.customer_id,
        unioned.source_record_count,
        count(*) over (partition by unioned.identifier_type, unioned.identifier_value) as customer_count
    from unioned
    inner join customers
        on unioned.customer_id = customers.customer_id

)

select * from final
