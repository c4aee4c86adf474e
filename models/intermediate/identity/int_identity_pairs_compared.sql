{#- Candidate pairs of profiles that share a blocking key (int_identity_profiles_blocked, blocks
    within their rule's max_block_records), deduplicated across rules (blocking_rule: the first rule,
    in declaration order, that pairs them), with the level of every comparison
    (identity_comparisons(): name, date of birth, address, email, phone; null = missing on a side)
    and is_given_name_conflict (macro given_names_conflict, read by the fuzzy model's guards). Pairs
    inside one deterministic component (is_same_component) are already linked: they are not scored,
    but they train the model (EM needs matches to learn what a match looks like). Narrow on purpose:
    profile ids, rule, levels (at 1M people it holds millions of rows; int_identity_edges_fuzzy
    looks up the component sizes and term frequencies of the pairs it scores, and keeps the profile
    ids too). Grain: one row per pair of profiles
    (left_profile_id < right_profile_id). -#}
{%- set rules = var('identity_blocking_rules') -%}
with

blocked as (

    select
        profile_id,
        rule_order,
        blocking_key
    from {{ ref('int_identity_profiles_blocked') }}
    where block_size between 2 and max_block_records

),

common_given_names as (

    {{ cdp.common_given_names() }}

),

profiles as (

    {#- Only what the comparisons read. #}
    select
        profiles.profile_id,
        profiles.component_key,
        profiles.full_name_lower,
        profiles.name_tokens_sorted,
        profiles.name_initials,
        profiles.family_name_key,
        profiles.given_name_key,
        {{ cdp.common_given_name_flags('common_given_names') | indent(8) }},
        profiles.date_of_birth,
        profiles.province_code,
        profiles.region_key,
        profiles.house_number,
        profiles.street_key,
        profiles.ward_key,
        profiles.district_key,
        profiles.email_match_key,
        profiles.phone_e164
    from {{ ref('int_identity_profiles_deduplicated') }} as profiles
    left join common_given_names on profiles.given_name_key = common_given_names.given_name_key

),

candidate_pairs as (

    select
        left_key.profile_id as left_profile_id,
        right_key.profile_id as right_profile_id,
        min(left_key.rule_order) as rule_order
    from blocked as left_key
    inner join blocked as right_key
        on left_key.rule_order = right_key.rule_order
            and left_key.blocking_key = right_key.blocking_key
            and left_key.profile_id < right_key.profile_id
    group by left_key.profile_id, right_key.profile_id

),

compared as (

    select
        candidate_pairs.left_profile_id,
        candidate_pairs.right_profile_id,
        case candidate_pairs.rule_order
            {%- for rule in rules %}
                when {{ loop.index }} then '{{ rule["name"] }}'
            {%- endfor %}
        end as blocking_rule,
        left_side.component_key = right_side.component_key as is_same_component,
        {{ cdp.identity_comparison_levels('left_side', 'right_side') }},
        {#- Not a comparison of the model: a guard of int_identity_edges_fuzzy (a household's
            alike names with different given names: names far apart, or two different common
            names, the deterministic guard's test, 'Dũng'/'Đông'; or an initial that stands for
            no token of the other name, 'Nguyễn H. Minh'/'Nguyễn Minh Thu'). #}
        case
            when left_side.given_name_key = right_side.given_name_key then {{ cdp.initials_conflict('left_side', 'right_side') }}
            when {{ cdp.given_names_conflict('left_side', 'right_side') }} then true
            when left_side.has_common_given_name_with_same_family and right_side.has_common_given_name_with_same_family
                then {{ cdp.common_given_names_differ('left_side', 'right_side', typos=true) }}
                    or {{ cdp.initials_conflict('left_side', 'right_side') }}
            else {{ cdp.initials_conflict('left_side', 'right_side') }}
        end as is_given_name_conflict,
        left_side.date_of_birth is not null and right_side.date_of_birth is not null as has_both_dates_of_birth
    from candidate_pairs
    inner join profiles as left_side on candidate_pairs.left_profile_id = left_side.profile_id
    inner join profiles as right_side on candidate_pairs.right_profile_id = right_side.profile_id

),

final as (

    select
        left_profile_id,
        right_profile_id,
        blocking_rule,
        is_same_component,
        {%- for comparison in cdp.identity_comparisons() %}
            {{ comparison.name }}_level,
        {%- endfor %}
        is_given_name_conflict,
        {#- A guard of int_identity_edges_fuzzy: both dates known and the comparison abstaining on them
            (near dates, macro comparison_date_of_birth), read apart from a missing date. #}
        has_both_dates_of_birth and date_of_birth_level is null as is_date_of_birth_near
    from compared

)

select * from final
