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
