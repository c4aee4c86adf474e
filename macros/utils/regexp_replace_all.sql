{#- Replace every match of a regular expression. DuckDB and PostgreSQL replace only the first match
    unless given the 'g' flag; Spark always replaces all. The replacement refers to capture groups as
    \1 … \9 (DuckDB, PostgreSQL); Spark (Java) spells them $1 … $9, rewritten here. -#}
{% macro regexp_replace_all(expr, pattern, replacement) -%}
    {{ return(adapter.dispatch('regexp_replace_all', 'cdp')(expr, pattern, replacement)) }}
{%- endmacro %}

{% macro default__regexp_replace_all(expr, pattern, replacement) -%}
    regexp_replace({{ expr }}, '{{ pattern }}', '{{ replacement }}')
{%- endmacro %}

{% macro duckdb__regexp_replace_all(expr, pattern, replacement) -%}
    regexp_replace({{ expr }}, '{{ pattern }}', '{{ replacement }}', 'g')
{%- endmacro %}

{% macro postgres__regexp_replace_all(expr, pattern, replacement) -%}
    regexp_replace({{ expr }}, '{{ pattern }}', '{{ replacement }}', 'g')
{%- endmacro %}

{% macro spark__regexp_replace_all(expr, pattern, replacement) -%}
    {#- Spark SQL string literals treat backslash as an escape: double it for Java's regex engine. -#}
    {%- set java_replacement = namespace(text=replacement) -%}
    {%- for group in range(1, 10) -%}
        {%- set java_replacement.text = java_replacement.text | replace('\\' ~ group, '$' ~ group) -%}
    {%- endfor %}
    regexp_replace({{ expr }}, '{{ pattern | replace("\\", "\\\\") }}', '{{ java_replacement.text }}')
{%- endmacro %}
