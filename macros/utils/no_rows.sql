{#- A select of no rows whose columns have the given names and types: what an incremental model reads as
    its previous rows on its first run, when it has none (its first build, a full refresh), so that the
    same query serves both runs and the table's column types are fixed by the model, not by a null.
    columns: a mapping of column name to type, in column order, e.g.
    {'customer_id': dbt.type_string(), 'retired_at': dbt.type_timestamp()}. -#}
{% macro no_rows(columns) -%}
    {%- if columns is not mapping or columns | length == 0 -%}
        {{ exceptions.raise_compiler_error('no_rows: columns must be a non-empty mapping of column name to type') }}
    {%- endif -%}
    select
    {%- for name, type in columns.items() %}
        cast(null as {{ type }}) as {{ name }}{{ ',' if not loop.last }}
    {%- endfor %}
    where 1 = 0
{%- endmacro %}
