{#- The current time as a UTC timestamp without time zone, comparable with staged *_at columns. -#}
{% macro utc_now() -%}
    {{ return(adapter.dispatch('utc_now', 'cdp')()) }}
{%- endmacro %}

{% macro default__utc_now() -%}
    to_utc_timestamp(current_timestamp(), current_timezone())
{%- endmacro %}

{% macro duckdb__utc_now() -%}
    cast(timezone('UTC', now()) as timestamp)
{%- endmacro %}

{% macro postgres__utc_now() -%}
    cast(now() at time zone 'UTC' as timestamp)
{%- endmacro %}
