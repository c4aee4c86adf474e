{#- True when a name token (see name_tokens()) is a known Vietnamese family name (seed
    vn_family_names); null for a null token. contact_steps() keeps it as columns
    name_first_is_family, name_second_is_family, name_last_is_family. -#}
{% macro name_token_is_family(token) -%}
    {%- set families = cdp.seed_rows('vn_family_names', ['family_name_ascii']) | map(attribute=0) | list -%}
    {{ token }} in {{ cdp.sql_string_list(families) }}
{%- endmacro %}
