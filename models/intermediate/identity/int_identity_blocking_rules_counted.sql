{#- What each blocking rule of var identity_blocking_rules contributes, for tuning and for the
    benchmark (which prints it): profiles with a key, blocks of two or more, the largest block, blocks
    over the rule's cap (max_block_records), candidate pairs within the cap, and the compared pairs
    this rule was the first to produce. Grain: one row per blocking rule. -#}
with

blocks as (

    select
        rule_order,
        blocking_rule,
        blocking_key,
        max(max_block_records) as max_block_records,
        max(block_size) as block_size
    from {{ ref('int_identity_profiles_blocked') }}
    group by rule_order, blocking_rule, blocking_key

),

rules_measured as (

    select
        rule_order,
        blocking_rule,
        sum(block_size) as profiles_with_key,
        count(case when block_size >= 2 then 1 end) as blocks,
        max(block_size) as largest_block,
        count(case when block_size > max_block_records then 1 end) as blocks_over_cap,
        sum(
            case
                when block_size <= max_block_records
                    then block_size * (block_size - 1) / 2
                else 0
            end
        ) as pairs_within_cap
    from blocks
    group by rule_order, blocking_rule

),

first_found as (

    select
        blocking_rule,
        count(*) as pairs_first_found
    from {{ ref('int_identity_pairs_compared') }}
    group by blocking_rule

),

final as (

    select
        rules_measured.blocking_rule,
        rules_measured.rule_order,
        rules_measured.profiles_with_key,
        rules_measured.blocks,
        rules_measured.largest_block,
        rules_measured.blocks_over_cap,
        cast(rules_measured.pairs_within_cap as {{ dbt.type_bigint() }}) as pairs_within_cap,
        coalesce(first_found.pairs_first_found, 0) as pairs_first_found
    from rules_measured
    left join first_found on rules_measured.blocking_rule = first_found.blocking_rule

)

select * from final
