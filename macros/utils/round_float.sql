{#- A floating-point number rounded to `digits` decimals, still a float. PostgreSQL rounds only
    numeric to a number of digits (round(double precision, integer) does not exist). -#}
{% macro round_float(expr, digits) -%}
    {{ return(adapter.dispatch('round_float', 'cdp')(expr, digits)) }}
{%- endmacro %}

{% macro default__round_float(expr, digits) -%}
    round({{ expr }}, {{ digits }})
{%- endmacro %}

{% macro postgres__round_float(expr, digits) -%}
    cast(round(cast({{ expr }} as numeric), {{ digits }}) as {{ dbt.type_float() }})
{%- endmacro %}
