{#- A fingerprint of a raw row's delivered values (the raw_record columns): two rows with the same text in
    every column share it. DuckDB: its 64-bit hash() over the columns (no string is built); elsewhere the
    md5 of raw_record(). Incremental staging compares it with the fingerprints stored by earlier runs to
    find the raw rows that are new or changed (incremental_source). -#}
{% macro raw_row_hash(columns) -%}
    {{ return(adapter.dispatch('raw_row_hash', 'cdp')(columns)) }}
{%- endmacro %}

{% macro default__raw_row_hash(columns) -%}
    {{ dbt.hash(cdp.raw_record(columns)) }}
{%- endmacro %}

{% macro duckdb__raw_row_hash(columns) -%}
    hash({% for column in columns %}{{ adapter.quote(column) }}{{ ', ' if not loop.last }}{% endfor %})
{%- endmacro %}
