{#- var incremental_lookback_days, checked at compile time: a whole number of days, 0 or more (vars given on
    the command line arrive as text: '3' is read as 3). -#}
{% macro incremental_lookback_days() -%}
    {%- set value = var('incremental_lookback_days') -%}
    {%- set text = value | string | trim -%}
    {%- if value is boolean or not text.isdigit() -%}
        {{ exceptions.raise_compiler_error("var('incremental_lookback_days') must be a whole number of days, 0 or more (got " ~ text ~ "): set it in dbt_project.yml or pass --vars '{incremental_lookback_days: 3}'") }}
    {%- endif -%}
    {{ return(text | int) }}
{%- endmacro %}
