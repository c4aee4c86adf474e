{#- True when a normalised email (or its match key) is a placeholder from seed blocked_identifiers:
    an exact address, a local part (noemail@…) or a domain (…@test.com). split_part() reads
    coalesce(email, ''): DuckDB 2.0 cannot bind split_part() comparisons on a column that is null on
    every row (e.g. a source delivering no emails), and the run would stop. -#}
{% macro email_is_placeholder(email) -%}
    {%- set exact = cdp.seed_rows('blocked_identifiers', ['blocked_value'], "identifier_type = 'email' and match_kind = 'exact'") -%}
    {%- set local_parts = cdp.seed_rows('blocked_identifiers', ['blocked_value'], "identifier_type = 'email' and match_kind = 'local_part'") -%}
    {%- set domains = cdp.seed_rows('blocked_identifiers', ['blocked_value'], "identifier_type = 'email' and match_kind = 'domain'") -%}
    coalesce(
        {{ email }} is not null and (
        {{ email }} in {{ cdp.sql_string_list(exact | map(attribute=0) | list) }}
        or split_part(coalesce({{ email }}, ''), '@', 1) in {{ cdp.sql_string_list(local_parts | map(attribute=0) | list) }}
        or split_part(coalesce({{ email }}, ''), '@', 2) in {{ cdp.sql_string_list(domains | map(attribute=0) | list) }}
        ),
        false
    )
{%- endmacro %}
