{#- The project's identifier rules as SQL, rendered by dbt from the same staging macros that normalise
    every source (email_normalized, email_issue, email_match_key, phone_candidate, phone_e164,
    phone_issue, clean_text): per identifier type, a query over a parameter named `identifier` that
    returns one row, `normalized` (the form customer_identifier_lookup is keyed by: emails their match
    key, phones E.164; null when unusable) and `issue` (why it is unusable). The steps are CTEs, as in
    staging (contact_columns, contact_steps, contact_keys), so each rule is compiled once. cdp/publish.py turns
    each row into the DuckDB table macro marts.normalized_identifier_<identifier_type>(identifier) of
    the published file, so the profile service (cdp/serve.py) normalises what it is asked exactly as
    staging normalised the sources: no second copy of a rule. DuckDB only: the published file is a
    DuckDB file. Grain: one row per identifier_type. -#}
{{ config(enabled=target.type == 'duckdb') }}
{#- Each query starts from the identifier as staging reads a raw value (raw_text_columns: Unicode
    spaces as spaces, letters composed), computed once in CTE `identifier_read`. -#}
{%- set identifier_read -%}
    identifier_read as (
        select {{ cdp.text_normalised('identifier') }} as identifier_text
    )
{%- endset -%}
{%- set empty_issue -%}
    case when {{ cdp.clean_text('identifier_text') }} is null then 'empty_identifier' end
{%- endset -%}
{%- set trimmed_query -%}
    with
    {{ identifier_read }}
    select
        {{ cdp.clean_text('identifier_text') }} as normalized,
        {{ empty_issue }} as issue
    from identifier_read
{%- endset -%}
{%- set email_query -%}
    with
    {{ identifier_read }},
    written as (
        {#- One address, as staging reads an email field of one value (email_listed: a comma
            for the last dot mended, the address alone). #}
        select {{ cdp.email_listed('identifier_text') }} as address, {{ empty_issue }} as empty_issue
        from identifier_read
    ),
    cleaned as (
        select address, {{ cdp.email_normalized('address') }} as email, empty_issue
        from written
    ),
    checked as (
        select email, empty_issue, {{ cdp.email_issue('address', 'email') }} as email_issue
        from cleaned
    )
    select
        case when email_issue is null then {{ cdp.email_match_key('email') }} end as normalized,
        coalesce(email_issue, empty_issue) as issue
    from checked
{%- endset -%}
{%- set phone_query -%}
    with
    {{ identifier_read }},
    written as (
        {#- One number, as staging reads a phone field of one value (phone_listed: an extension
            after it left out). #}
        select {{ cdp.phone_listed('identifier_text') }} as phone, {{ empty_issue }} as empty_issue
        from identifier_read
    ),
    candidates as (
        select phone, {{ cdp.phone_candidate('phone') }} as phone_candidate, empty_issue
        from written
    )
    select
        {{ cdp.phone_e164('phone_candidate') }} as normalized,
        coalesce({{ cdp.phone_issue('phone', 'phone_candidate') }}, empty_issue) as issue
    from candidates
{%- endset -%}
{%- set rules = [
    {'identifier_type': 'customer_id', 'query': trimmed_query,
     'description': 'CDP customer_id of dim_customers, trimmed (clean_text)'},
    {'identifier_type': 'email', 'query': email_query,
     'description': 'email match key: email_normalized, refused by email_issue (invalid, placeholder), then email_match_key'},
    {'identifier_type': 'phone', 'query': phone_query,
     'description': 'E.164 phone: phone_candidate, then phone_e164; refused by phone_issue (invalid, placeholder)'},
    {'identifier_type': 'anonymous_id', 'query': trimmed_query,
     'description': 'web or app anonymous_id as staging cleans it (clean_text)'},
] -%}
with

rules as (

    {%- for rule in rules %}
        select
            '{{ rule.identifier_type }}' as identifier_type,
            '{{ rule.query | replace("'", "''") }}' as normalization_sql,
            '{{ rule.description }}' as rule_description
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}

),

final as (

    select
        identifier_type,
        normalization_sql,
        rule_description
    from rules

)

select * from final
