{#- Every identity-bearing source record and the customer it belongs to, with the rule that joined it
    (its best accepted link: deterministic rules by priority, then fuzzy ones by score) and that
    link's score; 'singleton' with a null score for a record nothing else matched. Grain: one row per
    identity record (source_table, source_record_id). -#}
with

records as (

    select
        record_key,
        record_id,
        source_table,
        source_record_id,
        first_seen_at,
        last_seen_at
    from {{ ref('int_identity_records_unioned') }}

),

assigned as (

    select
        record_key,
        customer_id
    from {{ ref('int_customer_ids_retained') }}

),

rules as (

    {{ cdp.identity_rules_values() }}

),

deterministic_ends as (

    {#- Each end of every accepted deterministic link, by integer record_id (read from the edge table,
        not the identity_edges view: grouping 20M link ends by text key cost seconds at 1M people). -#}
    select
        left_record_id as record_id,
        rule
    from {{ ref('int_identity_edges_deterministic') }}
    where is_accepted
    union all
    select
        right_record_id as record_id,
        rule
    from {{ ref('int_identity_edges_deterministic') }}
    where is_accepted

),

best_ranks as (

    {#- A record's best deterministic rule: the smallest rule_rank (priority, then rule name) among its
        accepted links — an aggregate, not a window over every link end. -#}
    select
        deterministic_ends.record_id,
        min(rules.rule_rank) as rule_rank
    from deterministic_ends
    inner join rules on deterministic_ends.rule = rules.rule
    group by deterministic_ends.record_id

),

best_deterministic as (

    select
        best_ranks.record_id,
        rules.rule,
        cast(1.0 as {{ dbt.type_float() }}) as match_score
    from best_ranks
    inner join rules on best_ranks.rule_rank = rules.rule_rank

),

fuzzy_ends as (

    {#- Each end of every accepted fuzzy link: a profile, shown by its first record. -#}
    select
        left_profile_id as profile_id,
        rule,
        score
    from {{ ref('int_identity_edges_fuzzy') }}
    where is_accepted
    union all
    select
        right_profile_id as profile_id,
        rule,
        score
    from {{ ref('int_identity_edges_fuzzy') }}
    where is_accepted

),

best_fuzzy as (

    {#- For a record only fuzzy links explain: its highest-scoring one. Fuzzy weights are log2 odds,
        turned into a match probability. -#}
    select
        profiles.record_key,
        fuzzy_ends.rule,
        1.0 - 1.0 / (1.0 + power(2.0, fuzzy_ends.score)) as match_score,
        row_number() over (partition by profiles.record_key order by fuzzy_ends.score desc, fuzzy_ends.rule asc) as rule_rank
    from fuzzy_ends
    inner join {{ ref('int_identity_profiles_deduplicated') }} as profiles on fuzzy_ends.profile_id = profiles.profile_id

),

final as (

    select
        records.source_table,
        records.source_record_id,
        records.record_key,
        assigned.customer_id,
        coalesce(best_deterministic.rule, best_fuzzy.rule, 'singleton') as matched_by,
        cast(coalesce(best_deterministic.match_score, best_fuzzy.match_score) as {{ dbt.type_float() }}) as match_score,
        records.first_seen_at,
        records.last_seen_at
    from records
    inner join assigned on records.record_key = assigned.record_key
    left join best_deterministic on records.record_id = best_deterministic.record_id
    left join best_fuzzy on records.record_key = best_fuzzy.record_key and best_fuzzy.rule_rank = 1

)

select * from final
