{#- The project's identifier rules as SQL text, rendered by dbt from the same staging macros that
    normalise every source (email_normalized, email_issue, email_match_key, phone_candidate, phone_e164,
    phone_issue, clean_text), over a parameter named `identifier`. cdp/publish.py turns each row into
    DuckDB macros of the published file, marts.normalized_<identifier_type>(identifier) and
    marts.identifier_issue_<identifier_type>(identifier), so the profile service (cdp/serve.py)
    normalises what it is asked exactly as staging normalised the sources: no second copy of a rule.
    The normalised form is the one customer_identifier_lookup is keyed by (emails: their match key;
    phones: E.164). DuckDB only: the published file is a DuckDB file.
    Grain: one row per identifier_type. -#}
{{ config(enabled=target.type == 'duckdb') }}
{%- set raw = cdp.clean_text('identifier') -%}
{%- set email = cdp.email_normalized('identifier') -%}
{%- set email_issue = cdp.email_issue('identifier', email) -%}
{%- set phone = cdp.phone_candidate('identifier') -%}
{%- set phone_issue = cdp.phone_issue('identifier', phone) -%}
{%- set empty_issue = "case when " ~ raw ~ " is null then 'empty_identifier' end" -%}
{%- set rules = [
    {
        'identifier_type': 'customer_id',
        'normalized': raw,
        'issue': empty_issue,
        'description': 'CDP customer_id of dim_customers, trimmed',
    },
    {
        'identifier_type': 'email',
        'normalized': 'case when (' ~ email_issue ~ ') is null then ' ~ cdp.email_match_key(email) ~ ' end',
        'issue': 'coalesce(' ~ email_issue ~ ', ' ~ empty_issue ~ ')',
        'description': 'email match key: email_normalized, then email_match_key; null for invalid emails and placeholders',
    },
    {
        'identifier_type': 'phone',
        'normalized': cdp.phone_e164(phone),
        'issue': 'coalesce(' ~ phone_issue ~ ', ' ~ empty_issue ~ ')',
        'description': 'E.164 phone: phone_candidate, then phone_e164; null for invalid phones and placeholders',
    },
    {
        'identifier_type': 'anonymous_id',
        'normalized': raw,
        'issue': empty_issue,
        'description': 'web or app anonymous_id as staging cleans it (clean_text)',
    },
] -%}
with

rules as (

    {%- for rule in rules %}
        select
            '{{ rule.identifier_type }}' as identifier_type,
            '{{ rule.normalized | replace("'", "''") }}' as normalized_sql,
            '{{ rule.issue | replace("'", "''") }}' as issue_sql,
            '{{ rule.description }}' as rule_description
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}

),

final as (

    select
        identifier_type,
        normalized_sql,
        issue_sql,
        rule_description
    from rules

)

select * from final
