{#- The text a capture group of a regular expression matched (the first group by default); null when
    nothing matches or the group matched nothing. DuckDB and Spark return '' for no match, PostgreSQL
    returns null; nullif makes them agree. -#}
{% macro regexp_extract(expr, pattern, group=1) -%}
    {{ return(adapter.dispatch('regexp_extract', 'cdp')(expr, pattern, group)) }}
{%- endmacro %}

{% macro default__regexp_extract(expr, pattern, group=1) -%}
    nullif(regexp_extract({{ expr }}, '{{ pattern }}', {{ group }}), '')
{%- endmacro %}

{% macro postgres__regexp_extract(expr, pattern, group=1) -%}
    {#- regexp_match returns the array of the groups' texts, null without a match. -#}
    nullif((regexp_match({{ expr }}, '{{ pattern }}'))[{{ group }}], '')
{%- endmacro %}

{% macro spark__regexp_extract(expr, pattern, group=1) -%}
    {#- Spark SQL string literals treat backslash as an escape: double it for Java's regex engine. -#}
    nullif(regexp_extract({{ expr }}, '{{ pattern | replace("\\", "\\\\") }}', {{ group }}), '')
{%- endmacro %}
