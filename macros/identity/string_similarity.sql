{#- Similarity of two strings in [0, 1]: Jaro-Winkler on DuckDB, and on PostgreSQL through
    cdp_jaro_winkler() (created by the on-run-start hook cdp_create_functions, bit-for-bit DuckDB's
    result); on engines without it, one minus the Levenshtein distance over the longer length (built-in
    on Spark). Null when either side is null. -#}
{% macro string_similarity(a, b) -%}
    {{ return(adapter.dispatch('string_similarity', 'cdp')(a, b)) }}
{%- endmacro %}

{% macro default__string_similarity(a, b) -%}
    (1.0 - cast(levenshtein({{ a }}, {{ b }}) as double) / greatest(length({{ a }}), length({{ b }}), 1))
{%- endmacro %}

{% macro duckdb__string_similarity(a, b) -%}
    jaro_winkler_similarity({{ a }}, {{ b }})
{%- endmacro %}

{% macro postgres__string_similarity(a, b) -%}
    {{ target.schema }}.cdp_jaro_winkler({{ a }}, {{ b }})
{%- endmacro %}
