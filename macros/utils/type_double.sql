{#- An 8-byte floating-point type on every engine, for rates, averages and money ratios (VND amounts
    need more than the 7 significant digits of DuckDB's `float`, which dbt.type_float() names there). -#}
{% macro type_double() -%}
    {{ return(adapter.dispatch('type_double', 'cdp')()) }}
{%- endmacro %}

{% macro default__type_double() -%}
    double precision
{%- endmacro %}

{% macro spark__type_double() -%}
    double
{%- endmacro %}
