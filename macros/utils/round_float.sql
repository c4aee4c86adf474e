{#- A floating-point number rounded to `digits` decimals, still a float. PostgreSQL rounds only
    numeric to a number of digits (round(double precision, integer) does not exist). -#}
{% macro round_float(expr, digits) -%}
    {{ return(adapter.dispatch('round_float', 'cdp')(expr, digits)) }}
{%- endmacro %}

{% macro default__round_float(expr, digits) -%}
    round({{ expr }}, {{ digits }})
{%- endmacro %}

{#- Through the number's text: PostgreSQL's cast of a double to numeric keeps 15 significant digits, which
    made 1687.4999999999998 (99,000 VND split 3,000 : 173,000) 1687.5 and rounded it up where DuckDB and
    Spark give 1687; the text is the shortest that reads back as the same double (extra_float_digits 1,
    the default). round() of a double itself would round half to even. -#}
{% macro postgres__round_float(expr, digits) -%}
    cast(round(cast(cast({{ expr }} as text) as numeric), {{ digits }}) as {{ dbt.type_float() }})
{%- endmacro %}
