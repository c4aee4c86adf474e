{#- Every current identity record of an erased customer (int_erasure_customers_resolved): what the
    marts leave out, and the anonymous key that replaces its customer on the orders it names. Grain: one
    row per record_key. -#}
with

erased as (

    select
        customer_id,
        request_id,
        erased_customer_key
    from {{ ref('int_erasure_customers_resolved') }}

),

assigned as (

    select
        record_key,
        customer_id
    from {{ ref('int_customer_ids_assigned') }}

),

records as (

    select
        record_key,
        source_table,
        source_record_id
    from {{ ref('int_identity_records_unioned') }}

),

final as (

    select
        assigned.record_key,
        records.source_table,
        records.source_record_id,
        erased.customer_id,
        erased.request_id,
        erased.erased_customer_key
    from assigned
    inner join erased on assigned.customer_id = erased.customer_id
    inner join records on assigned.record_key = records.record_key

)

select * from final
