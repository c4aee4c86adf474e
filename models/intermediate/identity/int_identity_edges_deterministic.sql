{#- Deterministic links, one row per link and rule, accepted or refused with a reason (step 3 of 3:
    int_identity_identifiers_judged judges each identifier's value as a whole and finds the outsiders,
    int_identity_profiles_borrowed gives nameless records a neighbour's profile, this model compares
    the pairs; stored apart so that each step fits DuckDB's memory_limit). Records that
    share a strong identifier (account, card, order, social id, device) link to the identifier's first
    record; records that share a guarded one (email, phone) are compared pair by pair. When no pair of
    a guarded value conflicts, its links are stored like a strong identifier's, each record to the
    value's first record (the same clusters and the same explanation, from n - 1 rows instead of
    n(n - 1)/2); a value with a conflict keeps every pair with its verdict. Records are named by
    their integer record_id (numbered in record_key order, so a pair's left record, the smaller, is
    the same either way); identity_edges shows their keys. Guards:
    - identifier_shared_by_too_many_records: the identifier is carried by more records than the
      rule's max_records (a shop phone, a test account): it links nothing; one refused row per record
      against the group's first record, not one per pair (this guard, the next and
      conflicting_linked_email are decided in int_identity_identifiers_judged);
    - identifier_shared_by_many_people: its named records carry more distinct given names than
      var identity_max_names_per_identifier (same representation);
    - conflicting_date_of_birth / conflicting_name (guarded rules only): both records carry a date of
      birth (a name) and they differ (a household sharing a phone); dates of birth conflict only at
      the 'else' level of comparison_date_of_birth (a swap of day and month, one digit off, the same
      year and month, or a month one off are not a conflict, nor are the dates on which that
      comparison abstains: within a year, or a decade apart on the same day and month);
    - different_common_given_names (guarded rules with `compare_given_names: true`, phone by
      default): both named, the names compatible, but the given names are two different common
      given names (int_identity_given_names_counted, read by macro common_given_names; macro
      common_given_names_differ): 'Lê Hoàng Dũng' / 'Lê Hoàng Đông', 'Nguyễn Thanh' / 'Nguyễn
      Thanh Giang', siblings on a household phone;
    - conflicting_email (guarded rules with `compare_emails: true`, phone by default): one of the
      two records has no name, own or borrowed, nor a date of birth the other can be compared with,
      and carries one email that is not the other record's (nor the same address with a typo:
      comparison_email level 0) and does not hold the other record's given name in its local part.
      Without a name, the email is what tells two people of a household phone apart (a guest order
      with a household member's email); a person's second address is usually spelt from the same
      name (phamduy91, duypham892). A record carrying several emails is not judged by them;
    - conflicting_linked_email (guarded rules with `compare_emails: true`): a record without name, birth
      date or email, whose neighbours through stronger identifiers show no name or birth date, borrows
      the one email of its first neighbour that carries one (a guest order's web visit, by the order id:
      int_identity_identifiers_judged, CTE borrowed_emails); when another record of the value has an own
      email that is not it, nor alike, and the borrowed address does not hold that record's given name,
      the record is an outsider: refused on that value, and left out of the identifiers that link (the
      value's other records are linked or judged without it);
    - ambiguous_shared_identifier (guarded rules only): on an identifier whose records conflict
      (names, dates of birth, emails), a pair with nothing to compare: not both named and not both
      with a date of birth (a guest order; a card with only a birth date against a record with only
      a name, which would bridge two people): nothing tells whose it is.
    A record without name and date of birth (a guest order, a web id) is judged on a guarded rule
    (int_identity_profiles_borrowed) by the name of the first named record and the date of birth of the
    first dated record it shares the identifier of a stronger rule with (its email or account for a
    phone link, its account for an email link): a guest order carrying one person's email and a
    household phone must not join the phone's other members (conflicting_linked_record). -#}
{%- set email_compared_types = cdp.identity_rule_types('compare_emails') -%}
{%- set given_name_compared_types = cdp.identity_rule_types('compare_given_names') -%}
with

judged as (

    {#- Every identifier with its record's profile and its value's verdict (outsiders flagged). -#}
    select * from {{ ref('int_identity_identifiers_judged') }}

),

borrowed_profiles as (

    select * from {{ ref('int_identity_profiles_borrowed') }}

),

common_given_names as (

    {{ cdp.common_given_names() }}

),

refused_groups as (

    {#- One refused row per record against the value's first record, not one per pair: every record of
        a value refused as a whole (group_refusal), and every outsider on its value
        (conflicting_linked_email; the first record is then the first other record, as the value's
        group is measured without its outsiders). -#}
    select
        anchor_record_id as left_record_id,
        record_id as right_record_id,
        rule,
        identifier_value,
        case when is_outsider then 'conflicting_linked_email' else group_refusal end as reason
    from judged
    where (group_refusal is not null or is_outsider)
        and record_id != anchor_record_id

),

guarded_identifiers as (

    {#- Identifiers of guarded rules in groups that are not refused, outsiders left out, with the
        profile each record is judged by: its own, or the one it borrows when it has none. -#}
    select
        judged.record_id,
        judged.identifier_type,
        judged.identifier_value,
        judged.rule,
        borrowed_profiles.record_id is not null as is_borrowed,
        coalesce(judged.given_name_key, borrowed_profiles.given_name_key) as given_name_key,
        coalesce(judged.family_name_key, borrowed_profiles.family_name_key) as family_name_key,
        coalesce(judged.name_tokens_sorted, borrowed_profiles.name_tokens_sorted) as name_tokens_sorted,
        coalesce(judged.date_of_birth, borrowed_profiles.date_of_birth) as date_of_birth,
        {{ cdp.common_given_name_flags('common_given_names') | indent(8) }},
        judged.email_match_key
    from judged
    left join borrowed_profiles
        on judged.record_id = borrowed_profiles.record_id
            and judged.identifier_type = borrowed_profiles.judged_identifier_type
    left join common_given_names
        on coalesce(judged.given_name_key, borrowed_profiles.given_name_key) = common_given_names.given_name_key
    where judged.group_refusal is null and judged.is_guarded and not judged.is_outsider

),

pairs as (

    select
        left_side.record_id as left_record_id,
        right_side.record_id as right_record_id,
        left_side.rule,
        left_side.identifier_type,
        left_side.identifier_value,
        {#- Nothing to compare: not both named, not both with a date of birth (a guest order; a card
            with only a birth date against an account with only a name). #}
        (left_side.name_tokens_sorted is null or right_side.name_tokens_sorted is null)
        and (left_side.date_of_birth is null or right_side.date_of_birth is null) as is_uncompared,
        left_side.is_borrowed or right_side.is_borrowed as uses_borrowed_profile,
        {#- Only the 'else' level of the date of birth comparison is a conflict: a day/month swap, a
            one-digit typo, the same year and month or a month one off are weak evidence of one person,
            not of two. Near dates (the comparison abstains: null with both dates known) are no conflict
            between two named records, whose names are compared below, but are one when either record
            has no name: on a household phone the date is then all that tells a spouse's card from the
            named person. #}
        coalesce(
            coalesce(
                {{ cdp.comparison_date_of_birth('left_side.date_of_birth', 'right_side.date_of_birth') }},
                case
                    when left_side.date_of_birth is not null and right_side.date_of_birth is not null
                        and (left_side.name_tokens_sorted is null or right_side.name_tokens_sorted is null)
                        then 0
                end
            ) = 0,
            false
        ) as is_dob_conflict,
        not{{ cdp.names_compatible('left_side', 'right_side') }} as is_name_conflict,
        {#- Two different common given names are two people, however alike the whole names (macro
            common_given_names_differ: 'Dũng'/'Đông' one letter apart; rule setting compare_given_names). #}
        {%- if given_name_compared_types %}
            coalesce(
                left_side.identifier_type in ('{{ given_name_compared_types | join("', '") }}')
                and {{ cdp.common_given_names_differ('left_side', 'right_side') }},
                false
            ) as is_given_name_conflict,
        {%- else %}
            false as is_given_name_conflict,
        {%- endif %}
        {%- if email_compared_types %}
            {#- A record without a name (own or borrowed) whose birth date, if any, cannot be compared is
                told apart by its one email: from the other record's email when they are not alike,
                from its name when the email does not hold the given name (rule setting
                compare_emails). #}
            {%- set directions = [] %}
            {%- for nameless, other in [('left_side', 'right_side'), ('right_side', 'left_side')] %}
                {%- do directions.append(
                    '(' ~ nameless ~ '.name_tokens_sorted is null'
                    ~ ' and (' ~ nameless ~ '.date_of_birth is null or ' ~ other ~ '.date_of_birth is null)'
                    ~ ' and ' ~ nameless ~ '.email_match_key is not null'
                    ~ ' and (' ~ other ~ '.email_match_key is not null or ' ~ other ~ '.given_name_key is not null)'
                    ~ ' and coalesce(' ~ cdp.comparison_email(nameless ~ '.email_match_key', other ~ '.email_match_key') ~ ', 0) = 0'
                    ~ ' and coalesce(' ~ dbt.position(other ~ '.given_name_key', cdp.email_local_part(nameless ~ '.email_match_key')) ~ ', 0) = 0)'
                ) %}
            {%- endfor %}
            coalesce(
                left_side.identifier_type in ('{{ email_compared_types | join("', '") }}')
                and ({{ directions | join('\n                    or ') }}),
                false
            ) as is_email_conflict
        {%- else %}
            false as is_email_conflict
        {%- endif %}
    from guarded_identifiers as left_side
    inner join guarded_identifiers as right_side
        on left_side.identifier_type = right_side.identifier_type
            and left_side.identifier_value = right_side.identifier_value
            and left_side.record_id < right_side.record_id

),

conflicted_groups as (

    select distinct
        identifier_type,
        identifier_value
    from pairs
    where is_dob_conflict or is_name_conflict or is_given_name_conflict or is_email_conflict

),

star_links as (

    {#- Each record linked to the value's first record, with no pairwise checks: strong identifiers, and
        guarded values none of whose pairs conflict (only guarded values are in conflicted_groups). -#}
    select
        judged.anchor_record_id as left_record_id,
        judged.record_id as right_record_id,
        judged.rule,
        judged.identifier_value
    from judged
    left join conflicted_groups
        on judged.identifier_type = conflicted_groups.identifier_type
            and judged.identifier_value = conflicted_groups.identifier_value
    where judged.group_refusal is null and not judged.is_outsider and conflicted_groups.identifier_value is null
        and judged.record_id != judged.anchor_record_id

),

pairs_judged as (

    {#- Every pair of a value with a conflict, accepted or refused. #}
    select
        pairs.left_record_id,
        pairs.right_record_id,
        pairs.rule,
        pairs.identifier_value,
        case
            when (pairs.is_dob_conflict or pairs.is_name_conflict or pairs.is_given_name_conflict)
                and pairs.uses_borrowed_profile
                then 'conflicting_linked_record'
            when pairs.is_dob_conflict then 'conflicting_date_of_birth'
            when pairs.is_name_conflict then 'conflicting_name'
            when pairs.is_given_name_conflict then 'different_common_given_names'
            when pairs.is_email_conflict then 'conflicting_email'
            when pairs.is_uncompared then 'ambiguous_shared_identifier'
        end as reason
    from pairs
    inner join conflicted_groups
        on pairs.identifier_type = conflicted_groups.identifier_type
            and pairs.identifier_value = conflicted_groups.identifier_value

),

final as (

    select
        left_record_id,
        right_record_id,
        rule,
        'deterministic' as rule_family,
        identifier_value as evidence,
        cast(1.0 as {{ dbt.type_float() }}) as score,
        reason is null as is_accepted,
        reason as refusal_reason
    from pairs_judged
    union all
    select
        left_record_id,
        right_record_id,
        rule,
        'deterministic' as rule_family,
        identifier_value as evidence,
        cast(1.0 as {{ dbt.type_float() }}) as score,
        true as is_accepted,
        cast(null as {{ dbt.type_string() }}) as refusal_reason
    from star_links
    union all
    select
        left_record_id,
        right_record_id,
        rule,
        'deterministic' as rule_family,
        identifier_value as evidence,
        cast(0.0 as {{ dbt.type_float() }}) as score,
        false as is_accepted,
        reason as refusal_reason
    from refused_groups

)

select * from final
