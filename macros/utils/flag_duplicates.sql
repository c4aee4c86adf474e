{#- Select every row of a CTE plus is_duplicate: among rows without a quarantine_reason, the rows of a
    key after the first when ordered by `order_by` (e.g. 'updated_at desc'), ties broken by the md5 of
    the raw record (dbt.hash, the same hexadecimal text on every engine) so the choice is deterministic
    and the same on each engine. Quarantined rows are never duplicates. Every base model ends here, so
    what a base table stores of its rows is decided once, in checked_row_columns(). -#}
{% macro flag_duplicates(relation, key_columns, order_by=none) -%}
    {%- if key_columns | length == 0 -%}
        {{ exceptions.raise_compiler_error("flag_duplicates(): pass the key columns, e.g. ['contact_id']") }}
    {%- endif -%}
    {{ return(adapter.dispatch('flag_duplicates', 'cdp')(relation, key_columns, order_by)) }}
{%- endmacro %}

{% macro default__flag_duplicates(relation, key_columns, order_by) -%}
    select
        {{ cdp.checked_row_columns() }},
        {{ cdp.duplicate_flag(key_columns, order_by, dbt.hash('raw_record')) }} as is_duplicate
    from {{ relation }}
{%- endmacro %}

{#- DuckDB stores raw_record for quarantined rows only (checked_row_columns): it is nulled before the
    window, which then sorts a 32-character key instead of carrying every row's raw text (330
    characters on average for the 12.3M web events at 1M people; docs/benchmark_build.md).
    The window runs over the rows of the keys delivered more than once only: DuckDB's window carries
    every column of every row it partitions (44 for the web events), and at 1M people 1 % of the web
    events' keys repeat. The checked rows are materialised once; an aggregation finds the repeated keys,
    and the result is the rows without one (never duplicates) and, beside them, the window over the
    others. Without `materialized` DuckDB parsed the rows again for each reader. At 1M people
    base_web__events alone takes about 7 % less time, and no less under a 7GB memory_limit
    (docs/benchmark_build.md, "The duplicate flag over the repeated keys only"). A key column that is
    null on a usable row (none of the models' keys can be) compares with `is not distinct from`, as
    the window's partitions group nulls. -#}
{% macro duckdb__flag_duplicates(relation, key_columns, order_by) -%}
    {%- set key_matches = [] -%}
    {%- for key in key_columns -%}
        {%- do key_matches.append('repeated_keys.' ~ key ~ ' is not distinct from tie_keyed.' ~ key) -%}
    {%- endfor -%}
    {%- set key_is_repeated -%}
    exists (
            select 1
            from repeated_keys
            where {{ key_matches | join('\n                and ') }}
        )
    {%- endset -%}
    with

    tie_keyed as materialized (

        select
            {{ cdp.checked_row_columns() }},
            case when quarantine_reason is null then {{ dbt.hash('raw_record') }} end as duplicate_tie_key
        from {{ relation }}

    ),

    repeated_keys as (

        select {{ key_columns | join(', ') }}
        from tie_keyed
        where quarantine_reason is null
        group by {{ key_columns | join(', ') }}
        having count(*) > 1

    )

    select
        * exclude (duplicate_tie_key),
        false as is_duplicate
    from tie_keyed
    where quarantine_reason is not null or not {{ key_is_repeated }}
    union all
    select
        * exclude (duplicate_tie_key),
        {{ cdp.duplicate_flag(key_columns, order_by, 'duplicate_tie_key') }} as is_duplicate
    from tie_keyed
    where quarantine_reason is null and {{ key_is_repeated }}
{%- endmacro %}

{#- The flag itself, one rule for every engine: true for a usable row of a key after the first by
    `order_by`, then `tie_key` (the md5 of raw_record) descending. -#}
{% macro duplicate_flag(key_columns, order_by, tie_key) -%}
    case
        when quarantine_reason is null then row_number() over (
            partition by (quarantine_reason is null), {{ key_columns | join(', ') }}
            order by {% if order_by %}{{ order_by }}, {% endif %}{{ tie_key }} desc
        ) > 1
        else false
    end
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
