{#- True when a normalised email (or its match key) is a placeholder from seed blocked_identifiers:
    an exact address, a local part (noemail@…) or a domain (…@test.com). -#}
{% macro email_is_placeholder(email) -%}
    {%- set exact = cdp.seed_rows('blocked_identifiers', ['blocked_value'], "identifier_type = 'email' and match_kind = 'exact'") -%}
    {%- set local_parts = cdp.seed_rows('blocked_identifiers', ['blocked_value'], "identifier_type = 'email' and match_kind = 'local_part'") -%}
    {%- set domains = cdp.seed_rows('blocked_identifiers', ['blocked_value'], "identifier_type = 'email' and match_kind = 'domain'") -%}
    coalesce(
        {{ email }} in {{ cdp.sql_string_list(exact | map(attribute=0) | list) }}
        or split_part({{ email }}, '@', 1) in {{ cdp.sql_string_list(local_parts | map(attribute=0) | list) }}
        or split_part({{ email }}, '@', 2) in {{ cdp.sql_string_list(domains | map(attribute=0) | list) }},
        false
    )
{%- endmacro %}
