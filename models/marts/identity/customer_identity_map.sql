{#- Every identity-bearing source record and the customer it belongs to, with the rule that joined it
    (its best accepted link: deterministic rules by priority, then fuzzy ones by score) and that
    link's score; 'singleton' with a null score for a record nothing else matched. Grain: one row per
    identity record (source_table, source_record_id). -#}
with

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
    where is_active

),

rules as (

    {{ cdp.identity_rules_values() }}

),

accepted_edges as (

    select
        left_record_key as record_key,
        rule,
        score
    from {{ ref('identity_edges') }}
    where accepted
    union all
    select
        right_record_key as record_key,
        rule,
        score
    from {{ ref('identity_edges') }}
    where accepted

),

ranked as (

    select
        accepted_edges.record_key,
        accepted_edges.rule,
        {#- Fuzzy weights are log2 odds: turn them into a match probability; deterministic links are 1. -#}
        
        case
            when rules.rule is not null then 1.0
            else 1.0 - 1.0 / (1.0 + power(2.0, accepted_edges.score))
        end as match_score,
        row_number() over (
            partition by accepted_edges.record_key
            order by coalesce(rules.priority, 1000) asc, accepted_edges.score desc, accepted_edges.rule asc
        ) as rule_rank
    from accepted_edges
    left join rules on accepted_edges.rule = rules.rule

),

final as (

    select
        records.source_table,
        records.source_record_id,
        records.record_key,
        assigned.customer_id,
        coalesce(ranked.rule, 'singleton') as matched_by,
        cast(ranked.match_score as {{ dbt.type_float() }}) as match_score
    from records
    inner join assigned on records.record_key = assigned.record_key
    left join ranked on records.record_key = ranked.record_key and ranked.rule_rank = 1

)

select * from final
