{#- A staged UTC timestamp (timestamp without time zone, read as UTC) as the wall-clock time of
    var('source_timezone') (Asia/Ho_Chi_Minh by default), still a timestamp without time zone.
    Every business day and month of the marts is a local one: take them from this macro
    (local_date, local_month), never from the UTC value, so an order at 23:30 local time on
    31 January (16:30 UTC) counts in January. -#}
{% macro to_local_timestamp(utc_timestamp) -%}
    {{ return(adapter.dispatch('to_local_timestamp', 'cdp')(utc_timestamp)) }}
{%- endmacro %}

{% macro default__to_local_timestamp(utc_timestamp) -%}
    from_utc_timestamp({{ utc_timestamp }}, '{{ var("source_timezone") }}')
{%- endmacro %}

{% macro duckdb__to_local_timestamp(utc_timestamp) -%}
    cast(timezone('{{ var("source_timezone") }}', timezone('UTC', {{ utc_timestamp }})) as timestamp)
{%- endmacro %}

{% macro postgres__to_local_timestamp(utc_timestamp) -%}
    cast(({{ utc_timestamp }} at time zone 'UTC') at time zone '{{ var("source_timezone") }}' as timestamp)
{%- endmacro %}
