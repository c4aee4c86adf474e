{#- The first day of the Vietnamese business month (var('source_timezone')) of a staged UTC
    timestamp, as a date. -#}
{% macro local_month(utc_timestamp) -%}
    cast({{ dbt.date_trunc('month', cdp.to_local_timestamp(utc_timestamp)) }} as date)
{%- endmacro %}
