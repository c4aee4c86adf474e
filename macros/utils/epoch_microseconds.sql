{#- A timestamp as the whole microseconds since 1970-01-01 00:00 (a number that sorts as the timestamp
    does; null stays null), on every engine. -#}
{% macro epoch_microseconds(timestamp) -%}
    {{ return(adapter.dispatch('epoch_microseconds', 'cdp')(timestamp)) }}
{%- endmacro %}

{% macro default__epoch_microseconds(timestamp) -%}
    cast(extract(epoch from {{ timestamp }}) * 1000000 as bigint)
{%- endmacro %}

{% macro duckdb__epoch_microseconds(timestamp) -%}
    epoch_us({{ timestamp }})
{%- endmacro %}

{% macro spark__epoch_microseconds(timestamp) -%}
    unix_micros({{ timestamp }})
{%- endmacro %}
