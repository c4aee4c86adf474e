{#- The config of the twelve incremental staging base models (docs/scaling.md "Incremental runs"), called at
    the top of each: {{ cdp.staging_incremental_config() }}. Materialised by incremental_materialization()
    (incremental where var staging_incremental is true and the engine can delete by key, else a table);
    an incremental run replaces every stored row of a merge key read again (delete+insert on merge_key,
    made by incremental_source), and stops if the model gained or lost a column. -#}
{% macro staging_incremental_config() -%}
    {{ config(
        materialized=cdp.incremental_materialization(),
        unique_key='merge_key',
        incremental_strategy='delete+insert',
        on_schema_change='fail'
    ) }}
{%- endmacro %}
