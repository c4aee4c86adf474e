{#- dbt run-operation: (re)create the raw tables from files, on engines that read files themselves
    (Spark). `files` maps each contract table to {path, format ('csv' or 'parquet'), columns (the
    contract's, in order)}; cdp/raw_loader.py finds the files and calls this (python -m cdp.raw_loader
    --raw-dir DIR --target spark). Every column is stored as text exactly as delivered, contract columns
    first, then any extra ones, then _loaded_at (UTC). Every file is read in full and checked before
    any table is replaced, so an unreadable file or a missing column stops the load with nothing
    changed. DuckDB loads in Python instead (cdp.raw_loader.load_raw_dir). -#}
{% macro load_raw_files(files, schema=none) -%}
    {{ return(adapter.dispatch('load_raw_files', 'cdp')(files, schema or var('raw_schema'))) }}
{%- endmacro %}

{% macro default__load_raw_files(files, schema) -%}
    {{ exceptions.raise_compiler_error("load_raw_files(): not available on " ~ target.type ~ ": load with python -m cdp.raw_loader (DuckDB) or your own extract-load tool") }}
{%- endmacro %}

{% macro spark__load_raw_files(files, schema) -%}
    {%- if files is not mapping or files | length == 0 -%}
        {{ exceptions.raise_compiler_error("load_raw_files(): pass files={table: {path: ..., format: csv|parquet, columns: [...]}}") }}
    {%- endif -%}
    {%- set checked = [] -%}
    {%- for table, file in files.items() -%}
        {%- if file.format not in ['csv', 'parquet'] -%}
            {{ exceptions.raise_compiler_error("load_raw_files(): " ~ file.path ~ ": format must be csv or parquet") }}
        {%- endif -%}
        {%- set view = 'cdp_raw_file__' ~ table -%}
        {%- set path = file.path | replace("\\", "\\\\") | replace("'", "\\'") -%}
        {#- CSV: header row, every column text; quotes doubled inside quoted values (RFC 4180), values may
            span lines. Spark pads a short line with nulls and drops a long line's extra fields without
            telling, so lines with a wrong field count cannot be set aside here as the DuckDB loader
            does (raw.rejected_rows; docs/engines.md). -#}
        {%- set options -%}
            {%- if file.format == 'csv' -%}
                path '{{ path }}', header 'true', inferSchema 'false', multiLine 'true', quote '"', escape '"',
                encoding 'UTF-8', mode 'PERMISSIVE'
            {%- else -%}
                path '{{ path }}'
            {%- endif -%}
        {%- endset -%}
        {%- do run_query('create or replace temporary view ' ~ view ~ ' using ' ~ file.format ~ ' options (' ~ options ~ ')') -%}
        {%- set delivered = run_query('select * from ' ~ view ~ ' limit 0').column_names | list -%}
        {%- set missing = [] -%}
        {%- for column in file.columns if column not in delivered -%}
            {%- do missing.append(column) -%}
        {%- endfor -%}
        {%- if missing -%}
            {{ exceptions.raise_compiler_error("raw file " ~ file.path ~ " lacks contract column(s) " ~ missing | join(', ')) }}
        {%- endif -%}
        {%- set ordered = file.columns | list -%}
        {%- for column in delivered if column not in ordered and column != '_loaded_at' -%}
            {%- do ordered.append(column) -%}
        {%- endfor -%}
        {%- set select_list = [] -%}
        {%- for column in ordered -%}
            {%- do select_list.append('cast(`' ~ column ~ '` as string) as `' ~ column ~ '`') -%}
        {%- endfor -%}
        {#- When the extract-load tool stamps rows, keep its time; else stamp the load itself. -#}
        {%- do select_list.append(('cast(`_loaded_at` as timestamp)' if '_loaded_at' in delivered else cdp.utc_now()) ~ ' as `_loaded_at`') -%}
        {#- Reading every row now finds a truncated or corrupt file before anything is replaced. -#}
        {%- set rows = run_query('select count(*) from ' ~ view).columns[0].values()[0] -%}
        {%- do checked.append({'table': table, 'view': view, 'select_list': select_list, 'rows': rows}) -%}
    {%- endfor -%}
    {%- do run_query('create database if not exists ' ~ schema) -%}
    {%- for item in checked -%}
        {%- set relation = api.Relation.create(schema=schema, identifier=item.table, type='table') -%}
        {%- do run_query('drop table if exists ' ~ relation) -%}
        {%- do run_query('create table ' ~ relation ~ ' using parquet as select ' ~ item.select_list | join(', ') ~ ' from ' ~ item.view) -%}
        {%- do run_query('drop view if exists ' ~ item.view) -%}
        {{ log("loaded raw table " ~ relation ~ ": " ~ item.rows ~ " rows", info=true) }}
    {%- endfor -%}
{%- endmacro %}
