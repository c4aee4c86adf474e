{#- Every link the resolver considered, accepted or refused, deterministic and fuzzy: why two records
    were joined, or why they were not. Grain: one row per (left record, right record, rule, evidence).
    A view over the two edge tables: it stores nothing twice (at 1M people copying the 12.6M links
    into a table took 17 s of the layer's 110 s); the record keys are looked up here, from the
    deterministic links' record ids (int_identity_records_unioned) and the fuzzy links' profile ids
    (int_identity_profiles_deduplicated: a profile's first record). Links touching an erased
    person's record are left out. -#}
{{ config(materialized='view') }}

with

records as (

    select
        record_id,
        record_key
    from {{ ref('int_identity_records_unioned') }}

),

deterministic_edges as (

    {#- The deterministic edge table names its records by record_id: their keys are looked up here. -#}
    select
        left_records.record_key as left_record_key,
        right_records.record_key as right_record_key,
        links.rule,
        links.rule_family,
        links.evidence,
        {#- Part of the edge's identity: two records can share two values under one rule. -#}
        links.evidence as identifying_evidence,
        links.score,
        links.is_accepted,
        links.refusal_reason
    from {{ ref('int_identity_edges_deterministic') }} as links
    inner join records as left_records on links.left_record_id = left_records.record_id
    inner join records as right_records on links.right_record_id = right_records.record_id

),

profiles as (

    select
        profile_id,
        record_key
    from {{ ref('int_identity_profiles_deduplicated') }}

),

fuzzy_edges as (

    {#- The evidence is spelt here from the stored levels and weights (macro identity_fuzzy_evidence):
        the fuzzy edge table holds millions of refused pairs and stores no string per pair, not even
        its records' keys: a pair is two profiles, shown by their first records. -#}
    select
        left_profiles.record_key as left_record_key,
        right_profiles.record_key as right_record_key,
        fuzzy.rule,
        fuzzy.rule_family,
        {{ cdp.identity_fuzzy_evidence('fuzzy') }} as evidence,
        {#- A pair of profiles has one fuzzy edge: its evidence (levels and weights) describes the edge
            without telling it apart, so edge_id does not read it. The weights written as text differ
            between engines ('(0.0)' on DuckDB, '(0)' on PostgreSQL), and a query that reads only
            edge_id (its tests) does not spell them: at 1M people that was half the view's CPU. -#}
        cast(null as {{ dbt.type_string() }}) as identifying_evidence,
        fuzzy.score,
        fuzzy.is_accepted,
        fuzzy.refusal_reason
    from {{ ref('int_identity_edges_fuzzy') }} as fuzzy
    inner join profiles as left_profiles on fuzzy.left_profile_id = left_profiles.profile_id
    inner join profiles as right_profiles on fuzzy.right_profile_id = right_profiles.profile_id

),

erased_records as (

    select record_key from {{ ref('int_erasure_records_resolved') }}

),

unioned as (

    select * from deterministic_edges
    union all
    select * from fuzzy_edges

),

kept as (

    {#- Erasure (docs/privacy.md): no link that touches an erased person's record. -#}
    select unioned.*
    from unioned
    left join erased_records as left_erased on unioned.left_record_key = left_erased.record_key
    left join erased_records as right_erased on unioned.right_record_key = right_erased.record_key
    where left_erased.record_key is null and right_erased.record_key is null

),

final as (

    select
        {{ dbt.hash(dbt.concat(['left_record_key', "'|'", 'right_record_key', "'|'", 'rule', "'|'", "coalesce(identifying_evidence, '')"])) }} as edge_id,
        left_record_key,
        right_record_key,
        rule,
        rule_family,
        evidence,
        score,
        is_accepted as accepted,
        refusal_reason as rejection_reason
    from kept

)

select * from final
