{{
    config(
        materialized='incremental',
        unique_key='suppression_key',
        incremental_strategy=cdp.incremental_strategy(),
        on_schema_change='fail',
        post_hook="{{ cdp.incremental_previous_cleanup() }}"
    )
}}

{#- The erasure suppression list (docs/privacy.md "Suppression list"): the SHA-256 (hex, macro sha256_hex)
    of every normalised identifier of an erased person at erasure time - each identifier of every current
    record of the customers a request matched (emails, phones, shop accounts, loyalty cards, social ids,
    devices, anonymous ids, CDP customer ids) and the request's own subject key, found or not. Hashes
    only: no raw value is kept. An identifier also carried by a customer no request names (a shared
    household phone) is not listed, so erasing one person never erases another. Never forgets: each build
    reads the previous list (this model's own table) and only adds; a row keeps the request and the time
    it was first listed. Every run selects the complete new state, so a strategy that replaces the table
    works as well as delete+insert (macro incremental_strategy). Grain: one row per suppression_key
    (identifier_type:identifier_hash). -#}
with

matched as (

    select
        request_id,
        subject_identifier_type,
        subject_key,
        requested_at,
        customer_id,
        is_ambiguous
    from {{ ref('int_erasure_requests_matched') }}

),

identifiers as (

    {#- Compared as values and hashed once decided (CTE listed): two values are equal exactly when
        their SHA-256 are, so the same identifiers are shared or listed as when hashes were compared,
        and the 15.3M current identifiers at 1M people are not hashed here. -#}
    select
        record_key,
        identifier_type,
        identifier_value
    from {{ ref('int_erasure_identifiers_unioned') }}

),

assigned as (

    select
        record_key,
        customer_id
    from {{ ref('int_customer_ids_assigned') }}

),

previous_state as (

    {% if is_incremental() %}
        select
            suppression_key,
            identifier_type,
            identifier_hash,
            request_id,
            suppressed_at
        from {{ cdp.incremental_previous_relation() }}
    {% else %}
        {{ cdp.no_rows({
            'suppression_key': dbt.type_string(),
            'identifier_type': dbt.type_string(),
            'identifier_hash': dbt.type_string(),
            'request_id': dbt.type_string(),
            'suppressed_at': dbt.type_timestamp()
        }) }}
    {% endif %}

),

erased_customers as (

    select
        customer_id,
        request_id,
        requested_at
    from matched
    where customer_id is not null

),

erased_records as (

    select
        assigned.record_key,
        erased_customers.request_id,
        erased_customers.requested_at
    from assigned
    inner join erased_customers on assigned.customer_id = erased_customers.customer_id

),

of_erased_customers as (

    select
        identifiers.identifier_type,
        identifiers.identifier_value,
        erased_records.request_id,
        erased_records.requested_at
    from identifiers
    inner join erased_records on identifiers.record_key = erased_records.record_key

),

of_subjects as (

    select
        subject_identifier_type as identifier_type,
        subject_key as identifier_value,
        request_id,
        requested_at
    from matched
    {#- An ambiguous request's subject names several customers, none of whom it erases. #}
    where subject_key is not null and not is_ambiguous

),

candidates as (

    select * from of_erased_customers
    union all
    select * from of_subjects

),

candidate_values as (

    select distinct
        identifier_type,
        identifier_value
    from candidates

),

shared_identifiers as (

    {#- The candidates some customer no request names carries too. Only the candidates' values are
        looked for among every current identifier (15.3M at 1M people): the join builds its table on
        them, and no distinct runs over every identifier. -#}
    select distinct
        candidate_values.identifier_type,
        candidate_values.identifier_value
    from identifiers
    inner join candidate_values
        on
            identifiers.identifier_type = candidate_values.identifier_type
            and identifiers.identifier_value = candidate_values.identifier_value
    inner join assigned on identifiers.record_key = assigned.record_key
    left join erased_customers on assigned.customer_id = erased_customers.customer_id
    where erased_customers.customer_id is null

),

unshared as (

    select
        candidates.identifier_type,
        candidates.identifier_value,
        candidates.request_id,
        row_number() over (
            partition by candidates.identifier_type, candidates.identifier_value
            order by candidates.requested_at asc, candidates.request_id asc
        ) as request_rank
    from candidates
    left join shared_identifiers
        on
            candidates.identifier_type = shared_identifiers.identifier_type
            and candidates.identifier_value = shared_identifiers.identifier_value
    where shared_identifiers.identifier_value is null

),

listed as (

    {#- Each decided identifier hashed, the only form the list keeps. -#}
    select
        identifier_type,
        {{ cdp.sha256_hex('identifier_value') }} as identifier_hash,
        request_id
    from unshared
    where request_rank = 1

),

keyed as (

    select
        {{ dbt.concat(['identifier_type', "':'", 'identifier_hash']) }} as suppression_key,
        identifier_type,
        identifier_hash,
        request_id
    from listed

),

additions as (

    select
        keyed.suppression_key,
        keyed.identifier_type,
        keyed.identifier_hash,
        keyed.request_id,
        cast({{ dbt.current_timestamp() }} as {{ dbt.type_timestamp() }}) as suppressed_at
    from keyed
    left join previous_state on keyed.suppression_key = previous_state.suppression_key
    where previous_state.suppression_key is null

),

final as (

    select * from previous_state
    union all
    select * from additions

)

select * from final
