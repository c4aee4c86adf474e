{#- True when a name's matching form (name_ascii(): lower case, no diacritics, letters and single
    spaces) is a placeholder of seed blocked_identifiers ('khach le', 'n a', 'test'): typed when the
    real name is unknown, so it never becomes a customer's name. -#}
{% macro name_is_placeholder(name_ascii) -%}
    {%- set blocked = cdp.seed_rows('blocked_identifiers', ['blocked_value'], "identifier_type = 'full_name' and match_kind = 'exact'") -%}
    coalesce({{ name_ascii }} in {{ cdp.sql_string_list(blocked | map(attribute=0) | list) }}, false)
{%- endmacro %}
