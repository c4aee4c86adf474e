{#- The profile a record without name and date of birth (a guest order, a web id) is judged by on a
    guarded rule (step 2 of 3 of the deterministic links, after int_identity_identifiers_judged): the
    name of the first named record and the date of birth of the first dated record it shares an
    identifier of a stronger rule with (lower priority number; in a group that is not refused): a phone
    link is judged through the record's email or account, an email link through its account, never the
    other way round. Outsiders (conflicting_linked_email) neither borrow nor lend. The name and the date
    come from separate neighbours: a card with only a birth date sorting first must not hide the
    account holder's name. Records are named by record_id (numbered in record_key order: "first" is
    the same in either). Grain: one row per (judged_identifier_type, record_id) of a nameless record
    with at least one profiled neighbour. -#}
with

rules as (

    {{ cdp.identity_rules_values() }}

),

identifiers as (

    {#- The identifiers that link: outsiders left out, as in int_identity_edges_deterministic. -#}
    select
        record_id,
        identifier_type,
        identifier_value,
        given_name_key,
        family_name_key,
        name_tokens_sorted,
        date_of_birth,
        group_refusal
    from {{ ref('int_identity_identifiers_judged') }}
    where not is_outsider

),

neighbours as (

    select
        rules.identifier_type as judged_identifier_type,
        nameless.record_id,
        named.given_name_key,
        named.family_name_key,
        named.name_tokens_sorted,
        named.date_of_birth,
        row_number() over (
            partition by rules.identifier_type, nameless.record_id
            order by case when named.name_tokens_sorted is null then 1 else 0 end, named.record_id
        ) as name_rank,
        row_number() over (
            partition by rules.identifier_type, nameless.record_id
            order by case when named.date_of_birth is null then 1 else 0 end, named.record_id
        ) as date_of_birth_rank
    from identifiers as nameless
    inner join rules as linking_rule
        on nameless.identifier_type = linking_rule.identifier_type
    inner join rules
        on linking_rule.priority < rules.priority
    inner join identifiers as named
        on nameless.identifier_type = named.identifier_type
            and nameless.identifier_value = named.identifier_value
            and nameless.record_id != named.record_id
    where rules.is_guarded
        and nameless.group_refusal is null
        and nameless.name_tokens_sorted is null and nameless.date_of_birth is null
        and (named.name_tokens_sorted is not null or named.date_of_birth is not null)

),

final as (

    {#- The first neighbour by name (its name, null when no neighbour is named) and the first by birth
        date: one row each per record and judged rule, so max() reads that row's value. -#}
    select
        judged_identifier_type,
        record_id,
        max(case when name_rank = 1 then given_name_key end) as given_name_key,
        max(case when name_rank = 1 then family_name_key end) as family_name_key,
        max(case when name_rank = 1 then name_tokens_sorted end) as name_tokens_sorted,
        max(case when date_of_birth_rank = 1 then date_of_birth end) as date_of_birth
    from neighbours
    where name_rank = 1 or date_of_birth_rank = 1
    group by judged_identifier_type, record_id

)

select * from final
