{#- Materialisation of the models that an incremental run updates instead of rebuilding (docs/scaling.md
    "Incremental runs": twelve of staging's base models, the timeline fct_customer_events and the
    sessions fct_web_sessions): 'incremental' where the engine can delete a model's rows by key
    (DuckDB, PostgreSQL) when var staging_incremental is true; 'table' (rebuilt in full on every run)
    when it is false, the default; always 'table' on Spark, whose parquet tables have no delete and whose
    insert_overwrite would replace the whole table with the run's batch. -#}
{% macro incremental_materialization() -%}
    {{ return(adapter.dispatch('incremental_materialization', 'cdp')()) }}
{%- endmacro %}

{% macro default__incremental_materialization() -%}
    {%- set setting = var('staging_incremental', false) | string | lower -%}
    {%- if setting not in ['true', 'false'] -%}
        {{ exceptions.raise_compiler_error("var staging_incremental must be true or false, not '" ~ setting ~ "'") }}
    {%- endif -%}
    {{ return('incremental' if setting == 'true' else 'table') }}
{%- endmacro %}

{% macro spark__incremental_materialization() -%}
    {{ return('table') }}
{%- endmacro %}
