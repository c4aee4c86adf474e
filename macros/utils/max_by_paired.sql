{#- The `value` of the row with the largest `by`, ties broken by the largest value; rows where either is
    null are left out (null when none is left). An aggregate: two columns that must come from the same
    row, where max() of each would mix rows (an aggregated web visitor's email and its match key:
    identity_records_union). The same row on every engine: DuckDB and Spark order by the bytes of
    by || chr(31) || value (chr(31) sorts below every character of a text value), PostgreSQL by the two
    columns in its own ordering, as its max(by) does. -#}
{% macro max_by_paired(value, by) -%}
    {{ return(adapter.dispatch('max_by_paired', 'cdp')(value, by)) }}
{%- endmacro %}

{% macro default__max_by_paired(value, by) -%}
    (array_agg({{ value }} order by {{ by }} desc, {{ value }} desc) filter (where {{ by }} is not null and {{ value }} is not null))[1]
{%- endmacro %}

{% macro duckdb__max_by_paired(value, by) -%}
    arg_max({{ value }}, {{ by }} || chr(31) || {{ value }})
{%- endmacro %}

{% macro spark__max_by_paired(value, by) -%}
    max_by({{ value }}, concat({{ by }}, chr(31), {{ value }}))
{%- endmacro %}
