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

    {#- The records of dim_customers' customers only (an erased customer has none). -#}
    select
        identity_map.record_key,
        identity_map.source_table,
        identity_map.source_record_id,
        identity_map.customer_id
    from {{ ref('customer_identity_map') }} as identity_map
    inner join customers on identity_map.customer_id = customers.customer_id

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

contact_customers_counted as (

    {#- Only an email or a phone can name several customers: the window runs over these rows alone. -#}
    select
        *,
        count(*) over (partition by identifier_type, identifier_value) as customer_count
    from contact_identifiers

),

anonymous_ids as (

    {#- One identity record per anonymous id (web_events:<anonymous_id>), so one row and one customer
        each: no aggregate. -#}
    select
        'anonymous_id' as identifier_type,
        source_record_id as identifier_value,
        customer_id,
        1 as source_record_count,
        1 as customer_count
    from identity_map
    where source_table = 'web_events'

),

customer_ids as (

    select
        'customer_id' as identifier_type,
        customer_id as identifier_value,
        customer_id,
        1 as source_record_count,
        1 as customer_count
    from customers

),

unioned as (

    select * from customer_ids
    union all
    select * from contact_customers_counted
    union all
    select * from anonymous_ids

),

final as (

    select
        {{ dbt.concat(['identifier_type', "':'", 'identifier_value', "':'", 'customer_id']) }} as lookup_key,
        identifier_type,
        identifier_value,
        customer_id,
        source_record_count,
        customer_count
    from unioned

)

select * from final
