{#- Levenshtein edit distance between two strings (built in on DuckDB and Spark, fuzzystrmatch on
    PostgreSQL). Null when either side is null. -#}
{% macro edit_distance(a, b) -%}
    {{ return(adapter.dispatch('edit_distance', 'cdp')(a, b)) }}
{%- endmacro %}

{% macro default__edit_distance(a, b) -%}
    levenshtein({{ a }}, {{ b }})
{%- endmacro %}
