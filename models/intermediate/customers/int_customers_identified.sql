{#- Whether each resolved customer is known as a person, and since when: the one place this rule lives
    (fct_web_sessions and fct_customer_events show a customer_id only for identified customers;
    dim_customers reuses it). A customer is identified by any identity record other than an anonymous
    web id (an account, order, till receipt with a loyalty card or phone, loyalty card, CRM contact,
    subscriber, lead, ticket), or by an anonymous web id that logged in (user_id) or identified itself
    with a usable email or phone. identified_at: the earliest such record (its first_seen_at) or, for a
    web id, its first event carrying the login or traits. Grain: one row per customer_id of the
    identity map. -#}
with

customer_records as (

    select
        record_key,
        customer_id
    from {{ ref('int_customer_ids_retained') }}

),

records as (

    select
        record_key,
        source_table,
        first_seen_at
    from {{ ref('int_identity_records_unioned') }}

),

web_events as (

    select
        anonymous_id,
        occurred_at,
        user_id,
        email_match_key,
        phone_e164
    from {{ ref('stg_web__events') }}
    where anonymous_id is not null

),

web_identifications as (

    select
        {{ dbt.concat(["'web_events:'", 'anonymous_id']) }} as record_key,
        min(occurred_at) as identified_at
    from web_events
    where user_id is not null or email_match_key is not null or phone_e164 is not null
    group by anonymous_id

),

record_identifications as (

    select
        customer_records.customer_id,
        case
            when records.source_table != 'web_events' then records.first_seen_at
            else web_identifications.identified_at
        end as identified_at,
        records.source_table != 'web_events' or web_identifications.record_key is not null as is_identifying
    from customer_records
    inner join records on customer_records.record_key = records.record_key
    left join web_identifications on customer_records.record_key = web_identifications.record_key

),

final as (

    select
        customer_id,
        {{ dbt.bool_or('is_identifying') }} as is_identified,
        min(case when is_identifying then identified_at end) as identified_at
    from record_identifications
    group by customer_id

)

select * from final
