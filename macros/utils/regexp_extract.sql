{#- The text matched by the first capture group of a regular expression, null when nothing matches. -#}
{% macro regexp_extract(expr, pattern) -%}
    {{ return(adapter.dispatch('regexp_extract', 'cdp')(expr, pattern)) }}
{%- endmacro %}

{% macro default__regexp_extract(expr, pattern) -%}
    nullif(regexp_extract({{ expr }}, '{{ pattern }}', 1), '')
{%- endmacro %}

{% macro postgres__regexp_extract(expr, pattern) -%}
    {#- substring(... from pattern) returns the first parenthesised group, null without a match. -#}
    nullif(substring({{ expr }} from '{{ pattern }}'), '')
{%- endmacro %}

{% macro spark__regexp_extract(expr, pattern) -%}
    {#- Spark SQL string literals treat backslash as an escape: double it for Java's regex engine. -#}
    nullif(regexp_extract({{ expr }}, '{{ pattern | replace("\\", "\\\\") }}', 1), '')
{%- endmacro %}
