{#- Levenshtein edit distance between two strings (built in on DuckDB and Spark, fuzzystrmatch on
    PostgreSQL, whose levenshtein() raises on strings over 255 characters: null there instead, so a
    junk name cannot stop the build). Null when either side is null. -#}
{% macro edit_distance(a, b) -%}
    {{ return(adapter.dispatch('edit_distance', 'cdp')(a, b)) }}
{%- endmacro %}

{% macro default__edit_distance(a, b) -%}
    levenshtein({{ a }}, {{ b }})
{%- endmacro %}

{% macro postgres__edit_distance(a, b) -%}
    case when length({{ a }}) <= 255 and length({{ b }}) <= 255 then levenshtein({{ a }}, {{ b }}) end
{%- endmacro %}
