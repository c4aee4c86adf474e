{#- dim_customers for analysts (schema marts_masked, docs/privacy.md): every column except the personal
    ones, which become masked forms (initial of the name, 'l***@example.vn', '+8490****001', birth year)
    and pseudonyms an analyst can join and count on (macro pseudonym: keyed SHA-256 of the email trimmed
    and lower-cased, of the phone in E.164), never the raw value. No plain SHA-256: with the masked phone
    beside it, trying the hidden digits would give the number back. Grain: one row per customer_id.
    A view (a table on Spark, macro view_materialization): the masks are computed when it is read, from
    the current dim_customers, so nothing masked is stored beside the marts and an erasure shows at once; the
    published file (make publish) holds it as a table. Stored, it took 4.4 s at 1M people (alone). -#}
{{ config(materialized=cdp.view_materialization()) }}

with

customers as (

    select * from {{ ref('dim_customers') }}

),

pseudonymisation_key as (

    select secret from {{ ref('pseudonymisation_key') }}

),

final as (

    select
        {{ cdp.masked_columns(ref('dim_customers'), 'customers', ['full_name', 'email', 'phone', 'date_of_birth']) }}
        {{ dbt.concat(["substring(customers.full_name, 1, 1)", "'***'"]) }} as full_name_masked,
        {{ cdp.mask_email('customers.email') }} as email_masked,
        {{ cdp.pseudonym('lower(trim(customers.email))', 'pseudonymisation_key.secret') }} as email_pseudonym,
        {{ cdp.mask_phone('customers.phone') }} as phone_masked,
        {{ cdp.pseudonym('customers.phone', 'pseudonymisation_key.secret') }} as phone_pseudonym,
        extract(year from customers.date_of_birth) as birth_year
    from customers
    cross join pseudonymisation_key

)

select * from final
