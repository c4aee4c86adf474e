{#- Phone normalisation, step 1: the digits of a delivered phone value ('' when it has none). -#}
{% macro phone_digits(expr) -%}
    {{ cdp.regexp_replace_all(expr, '[^0-9]', '') }}
{%- endmacro %}
