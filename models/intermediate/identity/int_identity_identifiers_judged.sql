{#- Every identifier an identity record carries, with the verdict on its value that the deterministic
    rules need (step 1 of 3: this model, int_identity_profiles_borrowed, int_identity_edges_deterministic;
    stored apart so that each step's joins fit in DuckDB's memory_limit and spill, at 1M people the
    single query that did all three ran out of memory under a 7GB limit). Per record and identifier: the
    record's profile (names, date of birth, its one email), whether the record is an outsider on the
    value (conflicting_linked_email, below), and the value's group: its rule, record count, distinct
    given names and first record (outsiders left out), and the refusal of the whole group:
    - identifier_shared_by_too_many_records: the identifier is carried by more records than the rule's
      max_records (a shop phone, a test account);
    - identifier_shared_by_many_people: its named records carry more distinct given names than
      var identity_max_names_per_identifier.
    Outsiders (conflicting_linked_email, guarded rules with `compare_emails: true`): a record without
    name, birth date or email, whose neighbours through stronger identifiers show no name or birth
    date, borrows the one email of its first neighbour that carries one (a guest order's web visit, by
    the order id: CTE borrowed_emails); when another record of the value has an own email that is not
    it, nor alike, and the borrowed address does not hold that record's given name, the record is an
    outsider: refused on that value, and left out of the identifiers that link (the value's other
    records are linked or judged without it).
    Records are named by their integer record_id (numbered in record_key order, so the smallest id is
    the smallest key): at 1M people the two text keys per row were over a third of what storing the
    model cost, and the later steps join and order these integers. A value only one record carries
    links nothing, is measured nowhere else and is left out (2.4M of 11.2M rows at 1M people); an
    outsider's value stays whole. Grain: one row per (record_id, identifier_type, identifier_value) of
    int_identity_identifiers_unioned whose type has a rule and whose value two records or more
    carry. -#}
{%- set email_compared_types = cdp.identity_rule_types('compare_emails') -%}
{#- Whether a row of identifiers_carried is an outsider of its value: identifiers leaves those rows out,
    final flags them (is_outsider). One test, read by both (why twice: identifiers, below). -#}
{%- set is_outsider -%}
exists (
        select 1
        from outsiders
        where
            identifiers_carried.identifier_type = outsiders.identifier_type
            and identifiers_carried.identifier_value = outsiders.identifier_value
            and identifiers_carried.record_id = outsiders.record_id
    )
{%- endset -%}
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
        record_id,
        case when count(distinct identifier_value) = 1 then min(identifier_value) end as email_match_key
    from identifiers_carried
    where identifier_type = 'email'
    group by record_id

),

unnamed_records as (

    {#- The records that may borrow an email, per rule with compare_emails: no name, birth date or email
        of their own, on a value of the rule. -#}
    select distinct
        identifiers_carried.identifier_type as judged_identifier_type,
        identifiers_carried.record_id
    from identifiers_carried
    left join record_emails on identifiers_carried.record_id = record_emails.record_id
    {%- if email_compared_types %}
        where identifiers_carried.identifier_type in ('{{ email_compared_types | join("', '") }}')
            and identifiers_carried.name_tokens_sorted is null and identifiers_carried.date_of_birth is null
            and record_emails.record_id is null
    {%- else %}
        where 1 = 0
    {%- endif %}

),

borrowing_values as (

    {#- The values of stronger rules (lower priority number) that those records carry. #}
    select distinct
        unnamed_records.judged_identifier_type,
        unnamed_records.record_id,
        carried.identifier_type,
        carried.identifier_value
    from unnamed_records
    inner join rules on unnamed_records.judged_identifier_type = rules.identifier_type
    inner join identifiers_carried as carried on unnamed_records.record_id = carried.record_id
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
        min(case when record_emails.email_match_key is not null then identifiers_carried.record_id end)
            as email_record_id
    from identifiers_carried
    inner join carried_values
        on identifiers_carried.identifier_type = carried_values.identifier_type
            and identifiers_carried.identifier_value = carried_values.identifier_value
    left join record_emails on identifiers_carried.record_id = record_emails.record_id
    group by identifiers_carried.identifier_type, identifiers_carried.identifier_value

),

borrowed_emails as (

    {#- The email a record without one borrows: the one email of its first neighbour (in record_id,
        that is record-key, order) through a value of a stronger rule that links (not over the rule's
        max_records): a guest order's web visit, linked by the order id, names the buyer's address.
        A record whose neighbours show a name or a birth date borrows none: it is judged by that
        profile (borrowed_profiles). -#}
    select
        borrowing_values.judged_identifier_type,
        borrowing_values.record_id,
        min(value_emails.email_record_id) as neighbour_record_id
    from borrowing_values
    inner join value_emails
        on borrowing_values.identifier_type = value_emails.identifier_type
            and borrowing_values.identifier_value = value_emails.identifier_value
    inner join rules on value_emails.identifier_type = rules.identifier_type
    where value_emails.record_count <= rules.max_records
    group by borrowing_values.judged_identifier_type, borrowing_values.record_id
    having sum(value_emails.profiled_count) = 0 and min(value_emails.email_record_id) is not null

),

outsiders as (

    {#- A borrower whose borrowed email conflicts with another record of the value: that record's own
        email is not the borrowed one, nor the same address with a typo, and the borrowed address does
        not hold its given name. The borrower is refused on that value alone (another person's guest
        order); the value's other records are judged without it. -#}
    select distinct
        judged.identifier_type,
        judged.identifier_value,
        judged.record_id
    from borrowed_emails
    inner join record_emails as borrowed on borrowed_emails.neighbour_record_id = borrowed.record_id
    inner join identifiers_carried as judged
        on borrowed_emails.record_id = judged.record_id
            and borrowed_emails.judged_identifier_type = judged.identifier_type
    inner join identifiers_carried as other
        on judged.identifier_type = other.identifier_type
            and judged.identifier_value = other.identifier_value
            and judged.record_id != other.record_id
    inner join record_emails as other_emails on other.record_id = other_emails.record_id
    where other_emails.email_match_key is not null
        and coalesce({{ cdp.comparison_email('borrowed.email_match_key', 'other_emails.email_match_key') }}, 0) = 0
        and coalesce({{ dbt.position('other.given_name_key', cdp.email_local_part('borrowed.email_match_key')) }}, 0) = 0

),

identifiers as (

    {#- The identifiers that link, outsiders left out. final tests identifiers_carried against the
        outsiders again instead of sharing one flagged CTE with this one: DuckDB holds a CTE with two
        readers in memory, and at 1M people that ran out of a 7GB memory_limit (this one streams into
        the aggregate below). Both tests are [not] exists, never a join to outsiders: the planner
        estimates that chain of joins at trillions of rows (1,630 at 1M people) and built its hash
        tables on the 11.2M identifiers instead, a quarter of the model's time; a subquery's side is
        always the one built. #}
    select
        identifiers_carried.record_id,
        identifiers_carried.identifier_type,
        identifiers_carried.identifier_value,
        identifiers_carried.given_name_key
    from identifiers_carried
    where not {{ is_outsider }}

),

groups_measured as (

    select
        identifiers.identifier_type,
        identifiers.identifier_value,
        count(*) as record_count,
        count(distinct identifiers.given_name_key) as given_name_count,
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

flagged as (

    select
        identifiers_carried.record_id,
        identifiers_carried.identifier_type,
        identifiers_carried.identifier_value,
        identifiers_carried.given_name_key,
        identifiers_carried.family_name_key,
        identifiers_carried.name_tokens_sorted,
        identifiers_carried.date_of_birth,
        record_emails.email_match_key,
        {{ is_outsider }} as is_outsider,
        groups_judged.rule,
        groups_judged.is_guarded,
        groups_judged.record_count,
        groups_judged.given_name_count,
        groups_judged.anchor_record_id,
        groups_judged.group_refusal
    from identifiers_carried
    inner join groups_judged
        on identifiers_carried.identifier_type = groups_judged.identifier_type
            and identifiers_carried.identifier_value = groups_judged.identifier_value
    left join record_emails on identifiers_carried.record_id = record_emails.record_id

),

final as (

    {#- A value that one record carries (no outsider, a group of one) links nothing: left out. #}
    select * from flagged
    where record_count > 1 or is_outsider

)

select * from final
