{#- An amount converted to Vietnamese đồng with the rates of seed currency_rates (vnd_per_unit);
    null when the currency is not in the seed. -#}
{% macro amount_to_vnd(amount, currency) -%}
    {%- set rates = cdp.seed_rows('currency_rates', ['currency_code', 'vnd_per_unit']) -%}
    round({{ amount }} * {{ cdp.lookup_case(currency, rates, value_is_number=true) }}, 0)
{%- endmacro %}
