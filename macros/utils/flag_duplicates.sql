{#- Select every row of a CTE plus is_duplicate: among rows without a quarantine_reason, the rows of a
    key after the first when ordered by `order_by` (e.g. 'updated_at desc'), ties broken by the raw
    record text so the choice is deterministic. Quarantined rows are never duplicates. Every base
    model ends here, so what a base table stores of its rows is decided once, in
    checked_row_columns(). -#}
{% macro flag_duplicates(relation, key_columns, order_by=none) -%}
    {%- if key_columns | length == 0 -%}
        {{ exceptions.raise_compiler_error("flag_duplicates(): pass the key columns, e.g. ['contact_id']") }}
    {%- endif -%}
    select
        {{ cdp.checked_row_columns() }},
        case
            when quarantine_reason is null then row_number() over (
                partition by (quarantine_reason is null), {{ key_columns | join(', ') }}
                order by {% if order_by %}{{ order_by }}, {% endif %}raw_record desc
            ) > 1
            else false
        end as is_duplicate
    from {{ relation }}
{%- endmacro %}

{#- The columns a base table stores of its checked rows: all of them, with raw_record (the delivered
    values as text) kept where it is read, on the quarantined rows (stg_quarantine__rows), and null on
    the usable rows and repeated deliveries, which keep their parsed values. On DuckDB that is
    `* replace`: storing the 12M raw records of base_web__events at 1M people cost about 30 CPU
    seconds, a third of writing the table (docs/benchmark_build.md). PostgreSQL has no form of *
    that leaves out or replaces a column, and Spark has `* except` only since 4.0 (Spark 3 has
    none); listing every column of every base model in a macro would repeat each model's columns.
    There raw_record is stored for every row (the saving was measured on DuckDB only). -#}
{% macro checked_row_columns() -%}
    {{ return(adapter.dispatch('checked_row_columns', 'cdp')()) }}
{%- endmacro %}

{% macro default__checked_row_columns() -%}
    *
{%- endmacro %}

{% macro duckdb__checked_row_columns() -%}
    * replace (case when quarantine_reason is not null then raw_record end as raw_record)
{%- endmacro %}
