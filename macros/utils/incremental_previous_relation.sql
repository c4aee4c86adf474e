{#- The relation an incremental model reads its own previous rows from: the model's table itself, or
    on Spark a copy of it taken when the model runs, because Spark cannot overwrite a table that the
    same statement reads (insert_overwrite, see incremental_strategy). Call it inside
    `if is_incremental()`; the model's post_hook incremental_previous_cleanup() drops the copy. -#}
{% macro incremental_previous_relation() -%}
    {{ return(adapter.dispatch('incremental_previous_relation', 'cdp')()) }}
{%- endmacro %}

{% macro default__incremental_previous_relation() -%}
    {{ return(this) }}
{%- endmacro %}

{% macro spark__incremental_previous_relation() -%}
    {%- set copy = cdp.incremental_previous_copy() -%}
    {%- if execute and flags.WHICH in ['run', 'build'] -%}
        {%- do adapter.drop_relation(copy) -%}
        {%- do run_query('create table ' ~ copy ~ ' using parquet as select * from ' ~ this) -%}
    {%- endif -%}
    {{ return(copy) }}
{%- endmacro %}

{% macro incremental_previous_copy() -%}
    {{ return(api.Relation.create(database=this.database, schema=this.schema, identifier=this.identifier ~ '__previous', type='table')) }}
{%- endmacro %}

{#- post_hook of a model that calls incremental_previous_relation(): drop the copy, where one was taken. -#}
{% macro incremental_previous_cleanup() -%}
    {{ return(adapter.dispatch('incremental_previous_cleanup', 'cdp')()) }}
{%- endmacro %}

{% macro default__incremental_previous_cleanup() -%}
    select 1 as nothing_to_clean_up
{%- endmacro %}

{% macro spark__incremental_previous_cleanup() -%}
    {%- if execute and flags.WHICH in ['run', 'build'] -%}
        {%- do adapter.drop_relation(cdp.incremental_previous_copy()) -%}
    {%- endif -%}
    select 1 as cleaned_up
{%- endmacro %}
