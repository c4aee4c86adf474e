{#- A rate or average of the metrics marts: numerator / denominator as a float, null (not an error,
    not zero) when the denominator is zero or null. Every rate of the marts goes through it, so a
    month without orders, sessions or new customers shows "no value", never a division error. -#}
{% macro ratio(numerator, denominator) -%}
    cast({{ numerator }} as {{ cdp.type_double() }}) / nullif({{ denominator }}, 0)
{%- endmacro %}
