{#- A date moved by a number of days, the date written once: dbt's dateadd writes its date several times on
    Spark (three times, each inside a null check), which multiplied a long date expression (parse_date's
    text with its words read) into 100 KB of SQL per model. -#}
{% macro date_plus_days(date_expr, days) -%}
    {{ return(adapter.dispatch('date_plus_days', 'cdp')(date_expr, days)) }}
{%- endmacro %}

{% macro default__date_plus_days(date_expr, days) -%}
    cast({{ dbt.dateadd('day', days, date_expr) }} as date)
{%- endmacro %}

{% macro duckdb__date_plus_days(date_expr, days) -%}
    cast(({{ date_expr }}) + cast({{ days }} as integer) as date)
{%- endmacro %}

{% macro postgres__date_plus_days(date_expr, days) -%}
    cast(cast({{ date_expr }} as date) + cast({{ days }} as integer) as date)
{%- endmacro %}

{% macro spark__date_plus_days(date_expr, days) -%}
    date_add({{ date_expr }}, cast({{ days }} as int))
{%- endmacro %}
