{#- The customers erased by this build: every customer one of whose current records carries an identifier
    of the suppression list (erasure_suppression_list). That list holds the identifiers of every customer
    an erasure request matched (int_erasure_requests_matched) and keeps them for ever, so a customer
    re-created later from new rows carrying an erased person's email, phone, account, card or anonymous
    id is erased too, even once the request and the old raw rows are gone. erased_customer_key is the
    anonymous key their orders keep in revenue: 'erased_' and the first 16 hex digits of the SHA-256 of
    the request id (the earliest suppression the customer carries), the same on every build. Grain: one
    row per customer_id. -#}
with

identifiers as (

    {#- Every current identifier hashed: the list keeps hashes only. -#}
    select
        record_key,
        identifier_type,
        {{ cdp.sha256_hex('identifier_value') }} as identifier_hash
    from {{ ref('int_erasure_identifiers_unioned') }}

),

suppressed as (

    select
        identifier_type,
        identifier_hash,
        request_id,
        suppressed_at
    from {{ ref('erasure_suppression_list') }}

),

assigned as (

    select
        record_key,
        customer_id
    from {{ ref('int_customer_ids_assigned') }}

),

carrying as (

    select
        assigned.customer_id,
        suppressed.request_id,
        suppressed.suppressed_at,
        row_number() over (
            partition by assigned.customer_id order by suppressed.suppressed_at asc, suppressed.request_id asc
        ) as request_rank
    from identifiers
    inner join suppressed
        on
            identifiers.identifier_type = suppressed.identifier_type
            and identifiers.identifier_hash = suppressed.identifier_hash
    inner join assigned on identifiers.record_key = assigned.record_key

),

final as (

    select
        customer_id,
        request_id,
        {{ dbt.concat(["'erased_'", "substr(" ~ cdp.sha256_hex('request_id') ~ ", 1, 16)"]) }} as erased_customer_key,
        suppressed_at as first_suppressed_at
    from carrying
    where request_rank = 1

)

select * from final
