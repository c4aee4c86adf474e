{#- Deterministic links, one row per link and rule, accepted or refused with a reason. Records that
    share a strong identifier (account, card, order, social id, device) link to the identifier's first
    record; records that share a guarded one (email, phone) are compared pair by pair. When no pair of
    a guarded value conflicts, its links are stored like a strong identifier's, each record to the
    value's first record (the same clusters and the same explanation, from n - 1 rows instead of
    n(n - 1)/2); a value with a conflict keeps every pair with its verdict. Guards:
    - identifier_shared_by_too_many_records: the identifier is carried by more records than the
      rule's max_records (a shop phone, a test account): it links nothing; one refused row per record
      against the group's first record, not one per pair;
    - identifier_shared_by_many_people: its named records carry more distinct given names than
      var identity_max_names_per_identifier (same representation);
    - conflicting_date_of_birth / conflicting_name (guarded rules only): both records carry a date of
      birth (a name) and they differ (a household sharing a phone); dates of birth conflict only at
      the 'else' level of comparison_date_of_birth (a swap of day and month, one digit off, or the
      same year and month is not a conflict);
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
    - conflicting_linked_email (guarded rules with `compare_emails: true`): a record without name,
      birth date or email, whose neighbours through stronger identifiers show no name or birth date,
      borrows the one email of its first neighbour that carries one (a guest order's web visit, by the
      order id: CTE borrowed_emails); when another record of the value has an own email that is not
      it, nor alike, and the borrowed address does not hold that record's given name, the record is
      an outsider: refused on that value, and left out of the identifiers that link (the value's
      other records are linked or judged without it);
    - ambiguous_shared_identifier (guarded rules only): on an identifier whose records conflict
      (names, dates of birth, emails), a pair with nothing to compare: not both named and not both
      with a date of birth (a guest order; a card with only a birth date against a record with only
      a name, which would bridge two people): nothing tells whose it is.
    A record without name and date of birth (a guest order, a web id) is judged on a guarded rule by
    the name of the first named record and the date of birth of the first dated record it shares the
    identifier of a stronger rule with (its email or account for a phone link, its account for an
    email link): a guest order carrying one person's email and a household phone must not join the
    phone's other members (conflicting_linked_record). -#}
{%- set rules_config = var('identity_deterministic_rules') -%}
{%- set email_compared_types = [] -%}
{%- for identifier_type, rule in rules_config.items() if rule.get('compare_emails', false) -%}
    {%- do email_compared_types.append(identifier_type) -%}
{%- endfor -%}
{%- set given_name_compared_types = [] -%}
{%- for identifier_type, rule in rules_config.items() if rule.get('compare_given_names', false) -%}
    {%- do given_name_compared_types.append(identifier_type) -%}
{%- endfor -%}
{%- if email_compared_types and 'email' not in rules_config -%}
    {{ exceptions.raise_compiler_error("var identity_deterministic_rules: compare_emails (on " ~ email_compared_types | join(', ') ~ ") reads the records' emails, the identifiers of the rule 'email'; add that rule or drop compare_emails") }}
{%- endif -%}
with

rules as (

    {{ cdp.identity_rules_values() }}

),

records as (

    select
        record_key,
        record_id,
        given_name_key,
        family_name_key,
        name_tokens_sorted,
        date_of_birth
    from {{ ref('int_identity_records_unioned') }}

),

identifiers_carried as (

    select
        identifiers.record_key,
        records.record_id,
        identifiers.identifier_type,
        identifiers.identifier_value,
        records.given_name_key,
        records.family_name_key,
        records.name_tokens_sorted,
        records.date_of_birth
    from {{ ref('int_identity_identifiers_unioned') }} as identifiers
    inner join records on identifiers.record_key = records.record_key

),

record_emails as (

    {#- The emails a record carries: its one email (email_match_key, null when several). #}
    select
        record_key,
        case when count(distinct identifier_value) = 1 then min(identifier_value) end as email_match_key
    from identifiers_carried
    where identifier_type = 'email'
    group by record_key

),

single_emails as (

    {#- The record's one email (none for a record carrying none or several). #}
    select
        record_key,
        email_match_key
    from record_emails
    where email_match_key is not null

),

unnamed_records as (

    {#- The records that may borrow an email, per rule with compare_emails: no name, birth date or email
        of their own, on a value of the rule. -#}
    select distinct
        identifiers_carried.identifier_type as judged_identifier_type,
        identifiers_carried.record_key
    from identifiers_carried
    left join record_emails on identifiers_carried.record_key = record_emails.record_key
    {%- if email_compared_types %}
        where identifiers_carried.identifier_type in ('{{ email_compared_types | join("', '") }}')
            and identifiers_carried.name_tokens_sorted is null and identifiers_carried.date_of_birth is null
            and record_emails.record_key is null
    {%- else %}
        where 1 = 0
    {%- endif %}

),

borrowing_values as (

    {#- The values of stronger rules (lower priority number) that those records carry. #}
    select distinct
        unnamed_records.judged_identifier_type,
        unnamed_records.record_key,
        carried.identifier_type,
        carried.identifier_value
    from unnamed_records
    inner join rules on unnamed_records.judged_identifier_type = rules.identifier_type
    inner join identifiers_carried as carried on unnamed_records.record_key = carried.record_key
    inner join rules as linking_rule
        on carried.identifier_type = linking_rule.identifier_type
            and rules.priority > linking_rule.priority

),

carried_values as (

    select distinct
        identifier_type,
        identifier_value
    from borrowing_values

),

value_emails as (

    {#- Per such value: its record count, its records with a name or a birth date, and its first record
        carrying one email. #}
    select
        identifiers_carried.identifier_type,
        identifiers_carried.identifier_value,
        count(*) as record_count,
        count(identifiers_carried.name_tokens_sorted) + count(identifiers_carried.date_of_birth) as profiled_count,
        min(case when record_emails.email_match_key is not null then identifiers_carried.record_key end)
            as email_record_key
    from identifiers_carried
    inner join carried_values
        on identifiers_carried.identifier_type = carried_values.identifier_type
            and identifiers_carried.identifier_value = carried_values.identifier_value
    left join record_emails on identifiers_carried.record_key = record_emails.record_key
    group by identifiers_carried.identifier_type, identifiers_carried.identifier_value

),

borrowed_emails as (

    {#- The email a record without one borrows: the one email of its first neighbour (in record-key
        order) through a value of a stronger rule that links (not over the rule's max_records): a guest
        order's web visit, linked by the order id, names the buyer's address. A record whose neighbours
        show a name or a birth date borrows none: it is judged by that profile (borrowed_profiles). -#}
    select
        borrowing_values.judged_identifier_type,
        borrowing_values.record_key,
        min(value_emails.email_record_key) as neighbour_record_key
    from borrowing_values
    inner join value_emails
        on borrowing_values.identifier_type = value_emails.identifier_type
            and borrowing_values.identifier_value = value_emails.identifier_value
    inner join rules on value_emails.identifier_type = rules.identifier_type
    where value_emails.record_count <= rules.max_records
    group by borrowing_values.judged_identifier_type, borrowing_values.record_key
    having sum(value_emails.profiled_count) = 0 and min(value_emails.email_record_key) is not null

),

outsiders as (

    {#- A borrower whose borrowed email conflicts with another record of the value: that record's own
        email is not the borrowed one, nor the same address with a typo, and the borrowed address does
        not hold its given name. The borrower is refused on that value alone (another person's guest
        order); the value's other records are judged without it. -#}
    select distinct
        judged.identifier_type,
        judged.identifier_value,
        judged.record_key,
        judged.record_id
    from borrowed_emails
    inner join record_emails as borrowed on borrowed_emails.neighbour_record_key = borrowed.record_key
    inner join identifiers_carried as judged
        on borrowed_emails.record_key = judged.record_key
            and borrowed_emails.judged_identifier_type = judged.identifier_type
    inner join identifiers_carried as other
        on judged.identifier_type = other.identifier_type
            and judged.identifier_value = other.identifier_value
            and judged.record_key != other.record_key
    inner join record_emails as other_emails on other.record_key = other_emails.record_key
    where other_emails.email_match_key is not null
        and coalesce({{ cdp.comparison_email('borrowed.email_match_key', 'other_emails.email_match_key') }}, 0) = 0
        and coalesce({{ dbt.position('other.given_name_key', cdp.email_local_part('borrowed.email_match_key')) }}, 0) = 0

),

identifiers as (

    {#- The identifiers that link, outsiders left out. #}
    select
        identifiers_carried.record_key,
        identifiers_carried.record_id,
        identifiers_carried.identifier_type,
        identifiers_carried.identifier_value,
        identifiers_carried.given_name_key,
        identifiers_carried.family_name_key,
        identifiers_carried.name_tokens_sorted,
        identifiers_carried.date_of_birth
    from identifiers_carried
    left join outsiders
        on identifiers_carried.identifier_type = outsiders.identifier_type
            and identifiers_carried.identifier_value = outsiders.identifier_value
            and identifiers_carried.record_key = outsiders.record_key
    where outsiders.record_key is null

),

common_given_names as (

    {{ cdp.common_given_names() }}

),

groups_measured as (

    select
        identifiers.identifier_type,
        identifiers.identifier_value,
        count(*) as record_count,
        count(distinct identifiers.given_name_key) as given_name_count,
        min(identifiers.record_key) as anchor_record_key,
        min(identifiers.record_id) as anchor_record_id
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

    {#- One refused row per record against the value's first record, not one per pair: every record of
        a value refused as a whole (group_refusal), and every outsider on its value
        (conflicting_linked_email; the first record is then the first other record, as groups_measured
        counts the value without its outsiders). -#}
    select
        groups_judged.anchor_record_key as left_record_key,
        identifiers_carried.record_key as right_record_key,
        groups_judged.anchor_record_id as left_record_id,
        identifiers_carried.record_id as right_record_id,
        groups_judged.rule,
        groups_judged.identifier_value,
        case
            when outsiders.record_key is not null then 'conflicting_linked_email'
            else groups_judged.group_refusal
        end as reason
    from groups_judged
    inner join identifiers_carried
        on groups_judged.identifier_type = identifiers_carried.identifier_type
            and groups_judged.identifier_value = identifiers_carried.identifier_value
    left join outsiders
        on identifiers_carried.identifier_type = outsiders.identifier_type
            and identifiers_carried.identifier_value = outsiders.identifier_value
            and identifiers_carried.record_key = outsiders.record_key
    where (groups_judged.group_refusal is not null or outsiders.record_key is not null)
        and identifiers_carried.record_key != groups_judged.anchor_record_key

),

borrowed_profiles as (

    {#- For each guarded rule, a nameless record's first named neighbour through an identifier of a
        stronger rule (lower priority number; in a group that is not refused): a phone link is judged
        through the record's email, an email link through its account, never the other way round. -#}
    select
        rules.identifier_type as judged_identifier_type,
        nameless.record_key,
        named.given_name_key,
        named.family_name_key,
        named.name_tokens_sorted,
        named.date_of_birth,
        {#- The name comes from the first neighbour with a name, the birth date from the first with a
            birth date: a card with only a birth date must not hide the account holder's name. #}
        row_number() over (
            partition by rules.identifier_type, nameless.record_key
            order by case when named.name_tokens_sorted is null then 1 else 0 end, named.record_key
        ) as name_rank,
        row_number() over (
            partition by rules.identifier_type, nameless.record_key
            order by case when named.date_of_birth is null then 1 else 0 end, named.record_key
        ) as date_of_birth_rank
    from identifiers as nameless
    inner join groups_judged
        on nameless.identifier_type = groups_judged.identifier_type
            and nameless.identifier_value = groups_judged.identifier_value
    inner join rules as linking_rule
        on nameless.identifier_type = linking_rule.identifier_type
    inner join rules
        on linking_rule.priority < rules.priority
    inner join identifiers as named
        on nameless.identifier_type = named.identifier_type
            and nameless.identifier_value = named.identifier_value
            and nameless.record_key != named.record_key
    where rules.is_guarded
        and groups_judged.group_refusal is null
        and nameless.name_tokens_sorted is null and nameless.date_of_birth is null
        and (named.name_tokens_sorted is not null or named.date_of_birth is not null)

),

guarded_identifiers as (

    {#- Identifiers of guarded rules, with the profile each record is judged by: its own, or the one
        borrowed from a linked record when it has none. -#}
    select
        identifiers.record_key,
        identifiers.record_id,
        identifiers.identifier_type,
        identifiers.identifier_value,
        borrowed_names.record_key is not null as is_borrowed,
        coalesce(identifiers.given_name_key, borrowed_names.given_name_key) as given_name_key,
        coalesce(identifiers.family_name_key, borrowed_names.family_name_key) as family_name_key,
        coalesce(identifiers.name_tokens_sorted, borrowed_names.name_tokens_sorted) as name_tokens_sorted,
        coalesce(identifiers.date_of_birth, borrowed_dates.date_of_birth) as date_of_birth,
        common_given_names.given_name_key is not null as has_common_given_name,
        single_emails.email_match_key
    from identifiers
    inner join groups_judged
        on identifiers.identifier_type = groups_judged.identifier_type
            and identifiers.identifier_value = groups_judged.identifier_value
    left join borrowed_profiles as borrowed_names
        on identifiers.record_key = borrowed_names.record_key
            and identifiers.identifier_type = borrowed_names.judged_identifier_type
            and borrowed_names.name_rank = 1
    left join borrowed_profiles as borrowed_dates
        on identifiers.record_key = borrowed_dates.record_key
            and identifiers.identifier_type = borrowed_dates.judged_identifier_type
            and borrowed_dates.date_of_birth_rank = 1
    left join common_given_names
        on coalesce(identifiers.given_name_key, borrowed_names.given_name_key) = common_given_names.given_name_key
    left join single_emails on identifiers.record_key = single_emails.record_key
    where groups_judged.group_refusal is null and groups_judged.is_guarded

),

pairs as (

    select
        left_side.record_key as left_record_key,
        right_side.record_key as right_record_key,
        left_side.record_id as left_record_id,
        right_side.record_id as right_record_id,
        rules.rule,
        left_side.identifier_type,
        left_side.identifier_value,
        {#- Nothing to compare: not both named, not both with a date of birth (a guest order; a card
            with only a birth date against an account with only a name). #}
        (left_side.name_tokens_sorted is null or right_side.name_tokens_sorted is null)
        and (left_side.date_of_birth is null or right_side.date_of_birth is null) as is_uncompared,
        left_side.is_borrowed or right_side.is_borrowed as uses_borrowed_profile,
        {#- Only the 'else' level of the date of birth comparison is a conflict: a day/month swap, a
            one-digit typo or the same year and month is weak evidence of one person, not of two. #}
        coalesce({{ cdp.comparison_date_of_birth('left_side.date_of_birth', 'right_side.date_of_birth') }} = 0, false)
            as is_dob_conflict,
        not{{ cdp.names_compatible('left_side', 'right_side') }} as is_name_conflict,
        {#- Two different common given names are two people, however alike the whole names (macro
            common_given_names_differ: 'Dũng'/'Đông' one letter apart; rule setting compare_given_names). #}
        {%- if given_name_compared_types %}
            coalesce(
                left_side.identifier_type in ('{{ given_name_compared_types | join("', '") }}')
                and {{ cdp.common_given_names_differ('left_side', 'right_side', 'has_common_given_name') }},
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
            and left_side.record_key < right_side.record_key
    inner join rules
        on left_side.identifier_type = rules.identifier_type

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
        guarded values none of whose pairs conflict (only guarded values are in conflicted_groups). #}
    select
        groups_judged.anchor_record_key as left_record_key,
        identifiers.record_key as right_record_key,
        groups_judged.anchor_record_id as left_record_id,
        identifiers.record_id as right_record_id,
        groups_judged.rule,
        groups_judged.identifier_value
    from groups_judged
    inner join identifiers
        on groups_judged.identifier_type = identifiers.identifier_type
            and groups_judged.identifier_value = identifiers.identifier_value
    left join conflicted_groups
        on groups_judged.identifier_type = conflicted_groups.identifier_type
            and groups_judged.identifier_value = conflicted_groups.identifier_value
    where groups_judged.group_refusal is null and conflicted_groups.identifier_value is null
        and identifiers.record_key != groups_judged.anchor_record_key

),

pairs_judged as (

    {#- Every pair of a value with a conflict, accepted or refused. #}
    select
        pairs.left_record_key,
        pairs.right_record_key,
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
        left_record_key,
        right_record_key,
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
        left_record_key,
        right_record_key,
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
        left_record_key,
        right_record_key,
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
