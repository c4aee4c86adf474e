{#- The median of a numeric expression over the rows of a group (an aggregate), interpolated between
    the two middle values when their number is even (percentile_cont semantics on every engine);
    nulls are ignored, null when the group has no value. -#}
{% macro median(expr) -%}
    {{ return(adapter.dispatch('median', 'cdp')(expr)) }}
{%- endmacro %}

{% macro default__median(expr) -%}
    percentile_cont(0.5) within group (order by {{ expr }})
{%- endmacro %}

{% macro duckdb__median(expr) -%}
    quantile_cont({{ expr }}, 0.5)
{%- endmacro %}

{% macro spark__median(expr) -%}
    percentile({{ expr }}, 0.5)
{%- endmacro %}
