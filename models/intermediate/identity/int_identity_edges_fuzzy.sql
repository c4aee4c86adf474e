{#- Fuzzy links between records of different deterministic components: candidate pairs come only from
    blocking keys (so compared pairs stay a small fraction of all pairs), each pair gets a
    Fellegi-Sunter style score (sum of log2 agreement weights, var identity_fuzzy_weights) and is
    accepted at var identity_fuzzy_threshold unless a guard refuses it:
    conflicting_date_of_birth (both known and different), score_below_threshold, or
    cluster_size_cap (the two components together would exceed var identity_max_cluster_records).
    With var identity_fuzzy_require_dob (a name alone, even with province and phone tail, merges
    different people once millions share a name) only records with a date of birth are paired: a
    pair without one could never be accepted, and at 1M people such pairs were 8.6M of 11.3M. Block
    sizes still count every named record.
    Blocking keys: name_dob (family + given name + birth year), name_province (order-free name +
    province), name_phone_tail (given name + last 6 digits of the phone); a key shared by more than
    var identity_fuzzy_max_block_records records is not used. -#}
{%- set w = var('identity_fuzzy_weights') -%}
{%- set max_block = var('identity_fuzzy_max_block_records') -%}

with

records as (

    {#- Every named record counts towards block sizes; only those that can be accepted are paired
        (with var identity_fuzzy_require_dob: those with a date of birth). -#}
    select
        records.*,
        components.component_key,
        split_part(records.email_match_key, '@', 1) as email_local_part,
        right(records.phone_e164, 6) as phone_tail,
        {{ 'records.date_of_birth is not null' if var('identity_fuzzy_require_dob') else 'true' }} as is_paired
    from {{ ref('int_identity_records_unioned') }} as records
    inner join {{ ref('int_identity_components_deterministic') }} as components
        on records.record_id = components.record_id
    where records.name_tokens_sorted is not null

),

component_sizes as (

    select
        component_key,
        count(*) as record_count
    from {{ ref('int_identity_components_deterministic') }}
    group by component_key

),

blocking_keys as (

    select
        record_id,
        is_paired,
        'name_dob' as blocking_rule,
        {{ dbt.concat([
            'family_name_key', "'|'", 'given_name_key', "'|'",
            dbt.safe_cast(dbt.date_trunc('year', 'date_of_birth'), dbt.type_string())
        ]) }} as blocking_key
    from records
    where date_of_birth is not null and family_name_key is not null
    union all
    select
        record_id,
        is_paired,
        'name_province' as blocking_rule,
        {{ dbt.concat(['name_tokens_sorted', "'|'", 'province_code']) }} as blocking_key
    from records
    where province_code is not null and family_name_key is not null
    union all
    select
        record_id,
        is_paired,
        'name_phone_tail' as blocking_rule,
        {{ dbt.concat(['given_name_key', "'|'", 'phone_tail']) }} as blocking_key
    from records
    where phone_tail is not null

),

usable_blocks as (

    {#- A block larger than this says nothing about identity (a very common name in a big city). #}
    select
        blocking_rule,
        blocking_key
    from blocking_keys
    group by blocking_rule, blocking_key
    having count(*) between 2 and {{ max_block }}

),

candidate_pairs as (

    {#- Joined and grouped on integer record ids (numbered in record_key order, so left < right
        still means left_record_key < right_record_key). #}
    select
        left_key.record_id as left_record_id,
        right_key.record_id as right_record_id,
        min(left_key.blocking_rule) as blocking_rule
    from blocking_keys as left_key
    inner join usable_blocks
        on left_key.blocking_rule = usable_blocks.blocking_rule
            and left_key.blocking_key = usable_blocks.blocking_key
    inner join blocking_keys as right_key
        on left_key.blocking_rule = right_key.blocking_rule
            and left_key.blocking_key = right_key.blocking_key
            and left_key.record_id < right_key.record_id
    where left_key.is_paired and right_key.is_paired
    group by left_key.record_id, right_key.record_id

),

compared as (

    select
        left_side.record_key as left_record_key,
        right_side.record_key as right_record_key,
        candidate_pairs.blocking_rule,
        left_side.component_key as left_component_key,
        right_side.component_key as right_component_key,
        {{ cdp.string_similarity('left_side.name_tokens_sorted', 'right_side.name_tokens_sorted') }} as name_similarity,
        case
            when left_side.date_of_birth is null or right_side.date_of_birth is null then null
            else left_side.date_of_birth = right_side.date_of_birth
        end as is_dob_equal,
        case
            when left_side.province_code is null or right_side.province_code is null then null
            else left_side.province_code = right_side.province_code
        end as is_province_equal,
        coalesce(
            left_side.email_local_part != right_side.email_local_part
            and {{ cdp.string_similarity('left_side.email_local_part', 'right_side.email_local_part') }} >= 0.9,
            false
        ) as is_email_local_close,
        coalesce(left_side.phone_tail = right_side.phone_tail, false) as is_phone_tail_equal
    from candidate_pairs
    inner join records as left_side on candidate_pairs.left_record_id = left_side.record_id
    inner join records as right_side on candidate_pairs.right_record_id = right_side.record_id
    where left_side.component_key != right_side.component_key

),

scored as (

    select
        compared.*,
        case
            when compared.name_similarity >= {{ var('identity_fuzzy_name_exact_similarity') }} then {{ w.name_exact }}
            when compared.name_similarity >= {{ var('identity_fuzzy_name_close_similarity') }} then {{ w.name_close }}
            else {{ w.name_different }}
        end
        + case when compared.is_dob_equal then {{ w.dob_equal }} when not compared.is_dob_equal then {{ w.dob_different }} else 0 end
        + case when compared.is_province_equal then {{ w.province_equal }} when not compared.is_province_equal then {{ w.province_different }} else 0 end
        + case when compared.is_email_local_close then {{ w.email_local_close }} else 0 end
        + case when compared.is_phone_tail_equal then {{ w.phone_suffix_equal }} else 0 end
            as match_weight
    from compared

),

final as (

    select
        scored.left_record_key,
        scored.right_record_key,
        {{ dbt.concat(["'fuzzy_'", 'scored.blocking_rule']) }} as rule,
        'fuzzy' as rule_family,
        {{ dbt.concat([
            "'name_similarity='", dbt.safe_cast(cdp.round_float('scored.name_similarity', 3), dbt.type_string()),
            "' dob_equal='", "coalesce(" ~ dbt.safe_cast('scored.is_dob_equal', dbt.type_string()) ~ ", 'unknown')",
            "' province_equal='", "coalesce(" ~ dbt.safe_cast('scored.is_province_equal', dbt.type_string()) ~ ", 'unknown')"
        ]) }} as evidence,
        cast(scored.match_weight as {{ dbt.type_float() }}) as score,
        scored.left_component_key,
        scored.right_component_key,
        case
            when scored.is_dob_equal = false then 'conflicting_date_of_birth'
            when scored.match_weight < {{ var('identity_fuzzy_threshold') }} then 'score_below_threshold'
            when left_sizes.record_count + right_sizes.record_count > {{ var('identity_max_cluster_records') }}
                then 'cluster_size_cap'
        end as refusal_reason
    from scored
    inner join component_sizes as left_sizes on scored.left_component_key = left_sizes.component_key
    inner join component_sizes as right_sizes on scored.right_component_key = right_sizes.component_key

)

select
    left_record_key,
    right_record_key,
    rule,
    rule_family,
    evidence,
    score,
    refusal_reason is null as is_accepted,
    refusal_reason,
    left_component_key,
    right_component_key
from final
