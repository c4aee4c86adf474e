{#- Every link the resolver considered, accepted or refused, deterministic and fuzzy: why two records
    were joined, or why they were not. Grain: one row per (left record, right record, rule, evidence).
    A view over the two edge tables: it stores nothing twice (at 1M people copying the 12.6M links
    into a table took 17 s of the layer's 110 s), and a lookup by record key is pushed down into
    both tables. -#}
{{ config(materialized='view') }}

with

deterministic_edges as (

    select
        left_record_key,
        right_record_key,
        rule,
        rule_family,
        evidence,
        score,
        is_accepted,
        refusal_reason
    from {{ ref('int_identity_edges_deterministic') }}

),

fuzzy_edges as (

    select
        left_record_key,
        right_record_key,
        rule,
        rule_family,
        evidence,
        score,
        is_accepted,
        refusal_reason
    from {{ ref('int_identity_edges_fuzzy') }}

),

unioned as (

    select * from deterministic_edges
    union all
    select * from fuzzy_edges

),

final as (

    select
        {{ dbt.hash(dbt.concat(['left_record_key', "'|'", 'right_record_key', "'|'", 'rule', "'|'", "coalesce(evidence, '')"])) }} as edge_id,
        left_record_key,
        right_record_key,
        rule,
        rule_family,
        evidence,
        score,
        is_accepted as accepted,
        refusal_reason as rejection_reason
    from unioned

)

select * from final
