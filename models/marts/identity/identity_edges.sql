{#- Every link the resolver considered, accepted or refused, deterministic and fuzzy: why two records
    were joined, or why they were not. Grain: one row per (left record, right record, rule, evidence). -#}
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
