{#- var('churn_inactivity_days') checked: a whole number of days of at least 1 (a customer whose
    last completed order is more than this many days before the reference date is churned). -#}
{% macro churn_inactivity_days() -%}
    {%- set value = var('churn_inactivity_days') | string | trim -%}
    {%- if not modules.re.match('^[1-9][0-9]*$', value) -%}
        {{ exceptions.raise_compiler_error("var churn_inactivity_days must be a whole number of days, at least 1 (e.g. 180); got '" ~ value ~ "'") }}
    {%- endif -%}
    {{ return(value | int) }}
{%- endmacro %}
