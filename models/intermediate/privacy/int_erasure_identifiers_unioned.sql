{#- Every identifier each current identity record carries, in the normalised form whose SHA-256 the erasure
    suppression list keeps (docs/privacy.md "Erasure"): the deterministic identifiers of identity resolution
    (email match key, E.164 phone, shop account id, loyalty card, social id, device id; order ids are left
    out: an order stays in revenue under an anonymous key), the anonymous id of a web visitor record and the
    CDP customer_id of the record. Values only: the suppression list stores their SHA-256 (macro
    sha256_hex), and each reader hashes what it compares or stores (int_erasure_customers_resolved every
    value, erasure_suppression_list its additions). At 1M people (15.3M rows) storing a hash beside every
    value cost more than hashing them again (docs/benchmark_build.md). Grain: one row per (record_key,
    identifier_type, identifier_value). -#}
with

identifiers as (

    select
        record_key,
        identifier_type,
        identifier_value
    from {{ ref('int_identity_identifiers_unioned') }}
    where identifier_type != 'order'

),

records as (

    select
        record_key,
        source_table,
        source_record_id
    from {{ ref('int_identity_records_unioned') }}

),

assigned as (

    select
        record_key,
        customer_id
    from {{ ref('int_customer_ids_assigned') }}

),

anonymous_ids as (

    select
        record_key,
        'anonymous_id' as identifier_type,
        source_record_id as identifier_value
    from records
    where source_table = 'web_events'

),

customer_ids as (

    select
        record_key,
        'customer_id' as identifier_type,
        customer_id as identifier_value
    from assigned

),

unioned as (

    select * from identifiers
    union all
    select * from anonymous_ids
    union all
    select * from customer_ids

),

final as (

    select
        record_key,
        identifier_type,
        identifier_value
    from unioned
    where identifier_value is not null

)

select * from final
