{#- The incremental strategy of a model whose every run selects its complete new state, keyed by
    unique_key (int_customer_ids_assigned). delete+insert where the engine has it (DuckDB, PostgreSQL;
    var identity_incremental_strategy overrides it there); insert_overwrite on Spark, whose parquet
    tables have no delete: the run overwrites the whole table with the state it selected. -#}
{% macro incremental_strategy() -%}
    {{ return(adapter.dispatch('incremental_strategy', 'cdp')()) }}
{%- endmacro %}

{% macro default__incremental_strategy() -%}
    {{ return(var('identity_incremental_strategy', 'delete+insert')) }}
{%- endmacro %}

{% macro spark__incremental_strategy() -%}
    {{ return('insert_overwrite') }}
{%- endmacro %}

{#- The incremental strategy of a model that adds rows and never changes one (int_customer_id_history):
    append where the engine can also delete (DuckDB, PostgreSQL: the rows of records gone are deleted
    by the pre_hook purge_previous_rows); insert_overwrite on Spark, where the run selects the rows it
    keeps as well as the new ones. -#}
{% macro append_strategy() -%}
    {{ return(adapter.dispatch('append_strategy', 'cdp')()) }}
{%- endmacro %}

{% macro default__append_strategy() -%}
    {{ return('append') }}
{%- endmacro %}

{% macro spark__append_strategy() -%}
    {{ return('insert_overwrite') }}
{%- endmacro %}
