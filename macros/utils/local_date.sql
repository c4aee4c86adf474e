{#- The Vietnamese business day (var('source_timezone')) of a staged UTC timestamp, as a date. -#}
{% macro local_date(utc_timestamp) -%}
    cast({{ cdp.to_local_timestamp(utc_timestamp) }} as date)
{%- endmacro %}
