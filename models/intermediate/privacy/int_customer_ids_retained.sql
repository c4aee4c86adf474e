{#- The current customer of every identity record that is not erased: int_customer_ids_assigned's
    records less those of int_erasure_records_resolved. Every model after identity resolution reads
    customers from here (never int_customer_ids_assigned), so an erased person drops out of the identity
    map, the golden record, consent, traits and audiences on the next build (docs/privacy.md "Erasure").
    Grain: one row per record_key. -#}
with

assigned as (

    select
        record_key,
        cluster_key,
        customer_id,
        customer_id_assigned_at
    from {{ ref('int_customer_ids_assigned') }}

),

erased as (

    select record_key from {{ ref('int_erasure_records_resolved') }}

),

final as (

    select
        assigned.record_key,
        assigned.cluster_key,
        assigned.customer_id,
        assigned.customer_id_assigned_at
    from assigned
    left join erased on assigned.record_key = erased.record_key
    where erased.record_key is null

)

select * from final
