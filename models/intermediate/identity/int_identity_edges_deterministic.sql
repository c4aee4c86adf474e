{#- Deterministic links, one row per link and rule, accepted or refused with a reason. Records that
    share a strong identifier (account, card, order, social id, device) link to the identifier's first
    record; records that share a guarded one (email, phone) are compared pair by pair. Guards:
    - identifier_shared_by_too_many_records: the identifier is carried by more records than the
      rule's max_records (a shop phone, a test account): it links nothing; one refused row per record
      against the group's first record, not one per pair;
    - identifier_shared_by_many_people: its named records carry more distinct given names than
      var identity_max_names_per_identifier (same representation);
    - conflicting_date_of_birth / conflicting_name (guarded rules only): both records carry a date of
      birth (a name) and they differ (a household sharing a phone);
    - ambiguous_shared_identifier (guarded rules only): a record without name and date of birth, on
      an identifier whose named records conflict: it cannot tell whose it is. -#}
with

rules as (

    {{ cdp.identity_rules_values() }}

),

records as (

    select
        record_key,
        given_name_key,
        family_name_key,
        name_tokens_sorted,
        date_of_birth
    from {{ ref('int_identity_records_unioned') }}

),

identifiers as (

    select
        identifiers.record_key,
        identifiers.identifier_type,
        identifiers.identifier_value,
        records.given_name_key,
        records.family_name_key,
        records.name_tokens_sorted,
        records.date_of_birth
    from {{ ref('int_identity_identifiers_unioned') }} as identifiers
    inner join records on identifiers.record_key = records.record_key

),

groups_measured as (

    select
        identifiers.identifier_type,
        identifiers.identifier_value,
        count(*) as record_count,
        count(distinct identifiers.given_name_key) as given_name_count,
        min(identifiers.record_key) as anchor_record_key
    from identifiers
    group by identifiers.identifier_type, identifiers.identifier_value

),

groups_judged as (

    select
        groups_measured.*,
        rules.rule,
        rules.is_guarded,
        case
            when groups_measured.record_count > rules.max_records then 'identifier_shared_by_too_many_records'
            when rules.is_guarded and groups_measured.given_name_count > {{ var('identity_max_names_per_identifier') }}
                then 'identifier_shared_by_many_people'
        end as group_refusal
    from groups_measured
    inner join rules on groups_measured.identifier_type = rules.identifier_type

),

refused_groups as (

    select
        groups_judged.anchor_record_key as left_record_key,
        identifiers.record_key as right_record_key,
        groups_judged.rule,
        groups_judged.identifier_value,
        groups_judged.group_refusal as reason
    from groups_judged
    inner join identifiers
        on groups_judged.identifier_type = identifiers.identifier_type
            and groups_judged.identifier_value = identifiers.identifier_value
    where groups_judged.group_refusal is not null
        and identifiers.record_key != groups_judged.anchor_record_key

),

pairs as (

    select
        left_side.record_key as left_record_key,
        right_side.record_key as right_record_key,
        groups_judged.rule,
        left_side.identifier_type,
        left_side.identifier_value,
        left_side.name_tokens_sorted is null and left_side.date_of_birth is null as left_is_anonymous,
        right_side.name_tokens_sorted is null and right_side.date_of_birth is null as right_is_anonymous,
        coalesce(left_side.date_of_birth != right_side.date_of_birth, false) as is_dob_conflict,
        not{{ cdp.names_compatible('left_side', 'right_side') }} as is_name_conflict
    from identifiers as left_side
    inner join identifiers as right_side
        on left_side.identifier_type = right_side.identifier_type
            and left_side.identifier_value = right_side.identifier_value
            and left_side.record_key < right_side.record_key
    inner join groups_judged
        on left_side.identifier_type = groups_judged.identifier_type
            and left_side.identifier_value = groups_judged.identifier_value
    where groups_judged.group_refusal is null and groups_judged.is_guarded

),

strong_links as (

    {#- Strong identifiers need no pairwise checks: each record links to the group's first record. #}
    select
        groups_judged.anchor_record_key as left_record_key,
        identifiers.record_key as right_record_key,
        groups_judged.rule,
        groups_judged.identifier_value,
        cast(null as {{ dbt.type_string() }}) as reason
    from groups_judged
    inner join identifiers
        on groups_judged.identifier_type = identifiers.identifier_type
            and groups_judged.identifier_value = identifiers.identifier_value
    where groups_judged.group_refusal is null and not groups_judged.is_guarded
        and identifiers.record_key != groups_judged.anchor_record_key

),

conflicted_groups as (

    select distinct
        identifier_type,
        identifier_value
    from pairs
    where is_dob_conflict or is_name_conflict

),

pairs_judged as (

    select
        pairs.left_record_key,
        pairs.right_record_key,
        pairs.rule,
        pairs.identifier_value,
        case
            when pairs.is_dob_conflict then 'conflicting_date_of_birth'
            when pairs.is_name_conflict then 'conflicting_name'
            when conflicted_groups.identifier_value is not null and (pairs.left_is_anonymous or pairs.right_is_anonymous)
                then 'ambiguous_shared_identifier'
        end as reason
    from pairs
    left join conflicted_groups
        on pairs.identifier_type = conflicted_groups.identifier_type
            and pairs.identifier_value = conflicted_groups.identifier_value

),

final as (

    select
        left_record_key,
        right_record_key,
        rule,
        'deterministic' as rule_family,
        identifier_value as evidence,
        cast(1.0 as {{ dbt.type_float() }}) as score,
        reason is null as is_accepted,
        reason as refusal_reason
    from pairs_judged
    union all
    select
        left_record_key,
        right_record_key,
        rule,
        'deterministic' as rule_family,
        identifier_value as evidence,
        cast(1.0 as {{ dbt.type_float() }}) as score,
        true as is_accepted,
        reason as refusal_reason
    from strong_links
    union all
    select
        left_record_key,
        right_record_key,
        rule,
        'deterministic' as rule_family,
        identifier_value as evidence,
        cast(0.0 as {{ dbt.type_float() }}) as score,
        false as is_accepted,
        reason as refusal_reason
    from refused_groups

)

select * from final
