{#- The config of the twelve incremental staging base models (docs/scaling.md "Incremental runs"), called at
    the top of each after its raw_columns: {{ cdp.staging_incremental_config('web', 'web_events', raw_columns) }}.
    Materialised by incremental_materialization() (incremental where var staging_incremental is true and
    the engine can delete by key, else a table); an incremental run replaces every stored row of a merge
    key read again (delete+insert on merge_key, made by incremental_source), then its post_hook deletes
    the stored rows the raw table no longer delivers (undelivered_rows_deleted: keys deleted at the
    source); a run stops if the model gained or lost a column. -#}
{% macro staging_incremental_config(source_name, table_name, raw_columns) -%}
    {%- if not source_name or not table_name or not raw_columns -%}
        {{ exceptions.raise_compiler_error("staging_incremental_config(): pass the raw table's source and table names and raw_columns (the raw_record() list)") }}
    {%- endif -%}
    {{ config(
        materialized=cdp.incremental_materialization(),
        unique_key='merge_key',
        incremental_strategy='delete+insert',
        on_schema_change='fail',
        post_hook="{% if is_incremental() %}{{ cdp.undelivered_rows_deleted(source('" ~ source_name ~ "', '" ~ table_name ~ "'), " ~ (raw_columns | tojson) ~ ") }}{% endif %}"
    ) }}
{%- endmacro %}

{#- The statement that deletes the rows of an incremental staging base model ({{ this }}) whose fingerprint
    the raw table no longer holds: after delete+insert has replaced every key with a delivered row,
    these are the rows of keys deleted at the source. -#}
{% macro undelivered_rows_deleted(relation, raw_columns) -%}
    delete from {{ this }} as stored
    where not exists (
        select 1
        from {{ relation }} as delivered
        where {{ cdp.raw_row_hash(raw_columns) }} = stored.raw_hash
    )
{%- endmacro %}
