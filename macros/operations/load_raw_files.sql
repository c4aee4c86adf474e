{#- dbt run-operation: (re)create the raw tables from files, on engines that read files themselves
    (Spark). `files` maps each contract table to {path, format ('csv' or 'parquet'), columns (the
    contract's, in order)}; cdp/raw_loader.py finds the files and calls this (python -m cdp.raw_loader
    --raw-dir DIR --target spark). Every column is stored as text exactly as delivered, contract columns
    first, then any extra ones, then _loaded_at (UTC). A CSV line with more or fewer fields than the
    header is not loaded with its values in the wrong columns: it goes to <schema>.rejected_rows
    (source_table, rejection too_many_fields or too_few_fields, raw_line, _loaded_at), as the DuckDB and
    PostgreSQL loaders do, and staging quarantines it (wrong_field_count). Every file is read in full and
    checked before any table is replaced, so an unreadable file, a missing column or a quote never closed
    stops the load with nothing changed. DuckDB and PostgreSQL load in Python instead
    (cdp.raw_loader). -#}
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
    {%- set rejections = [] -%}
    {%- set cached = [] -%}
    {%- set corrupt_line = '_cdp_corrupt_line' -%}
    {%- for table, file in files.items() -%}
        {%- if file.format not in ['csv', 'parquet'] -%}
            {{ exceptions.raise_compiler_error("load_raw_files(): " ~ file.path ~ ": format must be csv or parquet") }}
        {%- endif -%}
        {%- set view = 'cdp_raw_file__' ~ table -%}
        {%- set path = file.path | replace("\\", "\\\\") | replace("'", "\\'") -%}
        {#- CSV: header row, every column text; quotes doubled inside quoted values (RFC 4180), values may
            span lines; an empty field, quoted or not, is null, as in the other loaders. -#}
        {%- set csv_options -%}
            path '{{ path }}', header 'true', inferSchema 'false', multiLine 'true', quote '"', escape '"',
            encoding 'UTF-8', mode 'PERMISSIVE'
        {%- endset -%}
        {%- set options = csv_options if file.format == 'csv' else "path '" ~ path ~ "'" -%}
        {%- do run_query('create or replace temporary view ' ~ view ~ ' using ' ~ file.format ~ ' options (' ~ options ~ ')') -%}
        {%- set delivered = run_query('select * from ' ~ view ~ ' limit 0').column_names | list -%}
        {#- Each contract column from the file's column of that name, in any letter case ('Contact_ID'),
            as the DuckDB loader reads it (cdp.raw_loader.contract_columns_delivered). -#}
        {%- set delivered_by_case = {} -%}
        {%- for column in delivered | reverse -%}
            {%- do delivered_by_case.update({column | lower: column}) -%}
        {%- endfor -%}
        {%- set source_of = {} -%}
        {%- set missing = [] -%}
        {%- for column in file.columns -%}
            {%- if column in delivered -%}
                {%- do source_of.update({column: column}) -%}
            {%- elif column | lower in delivered_by_case -%}
                {%- do source_of.update({column: delivered_by_case[column | lower]}) -%}
            {%- else -%}
                {%- do missing.append(column) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- if missing -%}
            {{ exceptions.raise_compiler_error("raw file " ~ file.path ~ " lacks contract column(s) " ~ missing | join(', ') ~ " (its columns: " ~ delivered | join(', ') ~ ")") }}
        {%- endif -%}
        {%- if file.format == 'csv' -%}
            {#- The file again with the header's columns as its schema and one more: Spark puts a line that
                does not split into the header's fields (an unquoted comma in a URL, a lost field) into
                that column as it was written, where it would otherwise pad it or drop its extra fields
                without telling. -#}
            {%- set schema_columns = [] -%}
            {%- for column in delivered -%}
                {%- do schema_columns.append('`' ~ column ~ '` string') -%}
            {%- endfor -%}
            {%- do schema_columns.append('`' ~ corrupt_line ~ '` string') -%}
            {%- do run_query(
                'create or replace temporary view ' ~ view ~ ' (' ~ schema_columns | join(', ') ~ ') using csv options ('
                ~ csv_options ~ ", columnNameOfCorruptRecord '" ~ corrupt_line ~ "')"
            ) -%}
        {%- endif -%}
        {%- set ordered = file.columns | list -%}
        {%- for column in delivered if column not in source_of.values() and column != '_loaded_at' -%}
            {%- do ordered.append(column) -%}
            {%- do source_of.update({column: column}) -%}
        {%- endfor -%}
        {%- set select_list = [] -%}
        {%- for column in ordered -%}
            {%- set value = 'cast(`' ~ source_of[column] ~ '` as string)' -%}
            {%- do select_list.append((("nullif(" ~ value ~ ", '')") if file.format == 'csv' else value) ~ ' as `' ~ column ~ '`') -%}
        {%- endfor -%}
        {#- When the extract-load tool stamps rows, keep its time; else stamp the load itself. -#}
        {%- do select_list.append(('cast(`_loaded_at` as timestamp)' if '_loaded_at' in delivered else cdp.utc_now()) ~ ' as `_loaded_at`') -%}
        {%- if file.format == 'csv' -%}
            {#- Spark refuses a query of a CSV file that reads nothing but the corrupt-line column: the file
                is read once into a cache (on disk) that the queries below read. The lines set aside are
                told apart by their fields: separators outside quotes, plus one. -#}
            {%- set lines = view ~ '__lines' -%}
            {%- do run_query('cache table ' ~ lines ~ " options ('storageLevel' 'DISK_ONLY') as select * from " ~ view) -%}
            {%- do cached.append(lines) -%}
            {%- set fitting = '(select * from ' ~ lines ~ ' where `' ~ corrupt_line ~ '` is null)' -%}
            {%- set rejected -%}
                select
                    '{{ table }}' as source_table,
                    case
                        when size(split(regexp_replace(raw_line, '"([^"]|"")*"', ''), ',', -1)) > {{ delivered | length }}
                            then 'too_many_fields'
                        else 'too_few_fields'
                    end as rejection,
                    raw_line,
                    {{ cdp.utc_now() }} as _loaded_at
                from (select `{{ corrupt_line }}` as raw_line from {{ lines }}) as lines
                where raw_line is not null
            {%- endset -%}
            {%- set check = run_query(
                'select count(*), count(case when instr(raw_line, char(10)) > 0 or instr(raw_line, char(13)) > 0 then 1 end) from ('
                ~ rejected ~ ') as rejected'
            ).rows[0] -%}
            {%- if check[1] > 0 -%}
                {{ exceptions.raise_compiler_error("cannot load raw file " ~ file.path ~ ": a quote is opened and not closed before a line break (a line set aside spans several lines)") }}
            {%- endif -%}
            {%- do rejections.append(rejected) -%}
        {%- else -%}
            {%- set fitting = view -%}
        {%- endif -%}
        {#- Reading every row now finds a truncated or corrupt file before anything is replaced. -#}
        {%- set rows = run_query('select count(*) from ' ~ fitting).columns[0].values()[0] -%}
        {%- do checked.append({'table': table, 'view': view, 'fitting': fitting, 'select_list': select_list, 'rows': rows}) -%}
    {%- endfor -%}
    {%- do run_query('create database if not exists ' ~ schema) -%}
    {%- for item in checked -%}
        {%- set relation = api.Relation.create(schema=schema, identifier=item.table, type='table') -%}
        {%- do run_query('drop table if exists ' ~ relation) -%}
        {%- do run_query('create table ' ~ relation ~ ' using parquet as select ' ~ item.select_list | join(', ') ~ ' from ' ~ item.fitting) -%}
        {{ log("loaded raw table " ~ relation ~ ": " ~ item.rows ~ " rows", info=true) }}
    {%- endfor -%}
    {#- The lines set aside, replaced for the tables loaded now; other tables' stay. Spark cannot read and
        overwrite one table in a statement, so the new set is written beside it and renamed. -#}
    {%- set rejected_rows = api.Relation.create(schema=schema, identifier='rejected_rows', type='table') -%}
    {%- set rejected_rows_new = api.Relation.create(schema=schema, identifier='rejected_rows__new', type='table') -%}
    {%- set kept = [] -%}
    {%- if adapter.get_relation(database=none, schema=schema, identifier='rejected_rows') is not none -%}
        {%- do kept.append(
            'select source_table, rejection, raw_line, _loaded_at from ' ~ rejected_rows
            ~ " where source_table not in ('" ~ files.keys() | join("', '") ~ "')"
        ) -%}
    {%- endif -%}
    {%- set empty -%}
        select cast(null as string) as source_table, cast(null as string) as rejection,
            cast(null as string) as raw_line, cast(null as timestamp) as _loaded_at
        where 1 = 0
    {%- endset -%}
    {%- do run_query('drop table if exists ' ~ rejected_rows_new) -%}
    {%- do run_query(
        'create table ' ~ rejected_rows_new ~ ' using parquet as '
        ~ ([empty] + kept + rejections) | join(' union all ')
    ) -%}
    {%- do run_query('drop table if exists ' ~ rejected_rows) -%}
    {%- do run_query('alter table ' ~ rejected_rows_new ~ ' rename to ' ~ rejected_rows) -%}
    {%- for lines in cached -%}
        {%- do run_query('uncache table if exists ' ~ lines) -%}
        {%- do run_query('drop view if exists ' ~ lines) -%}
    {%- endfor -%}
    {%- for item in checked -%}
        {%- do run_query('drop view if exists ' ~ item.view) -%}
    {%- endfor -%}
    {{ log("set aside " ~ run_query('select count(*) from ' ~ rejected_rows).columns[0].values()[0] ~ " CSV line(s) with a wrong field count in " ~ rejected_rows, info=true) }}
{%- endmacro %}
