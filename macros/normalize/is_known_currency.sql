{#- True when seed currency_rates has a rate for the currency code. -#}
{% macro is_known_currency(currency) -%}
    {%- set codes = cdp.seed_rows('currency_rates', ['currency_code']) | map(attribute=0) | list -%}
    coalesce({{ currency }} in {{ cdp.sql_string_list(codes) }}, false)
{%- endmacro %}
