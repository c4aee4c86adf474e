{#- pre_hook of an incremental model that keeps rows of earlier builds per customer
    (audience_membership_history, customer_traits_daily): delete the rows of every customer erased by this
    build, under every id her records carried (int_erasure_customer_ids: an id a merge retired too),
    before the run merges its new state, so an erased person's past rows go too (docs/privacy.md
    "Erasure"). delete+insert (DuckDB, PostgreSQL) keeps the rows the run does
    not select, hence the delete; on Spark insert_overwrite replaces the whole table with what the run
    selects, and the models leave erased customers out of the previous rows they carry over, so nothing is
    deleted there. A no-op on a first or full-refresh build. -#}
{% macro erasure_purge_previous_rows(customer_column='customer_id') -%}
    {{ return(adapter.dispatch('erasure_purge_previous_rows', 'cdp')(customer_column)) }}
{%- endmacro %}

{% macro default__erasure_purge_previous_rows(customer_column) -%}
    {%- if is_incremental() -%}
        delete from {{ this }}
        where {{ customer_column }} in (select customer_id from {{ ref('int_erasure_customer_ids') }})
    {%- else -%}
        select 1 as nothing_to_purge
    {%- endif -%}
{%- endmacro %}

{% macro spark__erasure_purge_previous_rows(customer_column) -%}
    select 1 as purged_by_insert_overwrite
{%- endmacro %}
