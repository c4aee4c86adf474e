{#- Trim, collapse inner whitespace, and turn empty strings into null. -#}
{% macro clean_text(expr) -%}
    nullif(trim({{ cdp.regexp_replace_all(expr, '\\s+', ' ') }}), '')
{%- endmacro %}
