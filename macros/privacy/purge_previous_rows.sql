{#- pre_hook of an incremental model that keeps rows of earlier builds: delete the rows whose `column`
    value the model `kept_model` no longer holds, before the run merges its new state (docs/privacy.md
    "Erasure" and "Deleted at the source"). Used on
    - int_customer_ids_assigned and int_customer_id_history, by record_key against the current records:
      a record deleted at the source leaves no key (its loyalty card, its account) behind;
    - audience_membership_history and customer_traits_daily, by customer_id against
      int_customer_ids_kept: the rows of an erased customer, and of a customer none of whose records is
      left, go, under every id her records carried.
    delete+insert (DuckDB, PostgreSQL) keeps the rows a run does not select, hence the delete; on Spark
    insert_overwrite replaces the whole table with what the run selects, and the models select only kept
    rows, so nothing is deleted there. A no-op on a first or full-refresh build. -#}
{% macro purge_previous_rows(column, kept_model) -%}
    {{ return(adapter.dispatch('purge_previous_rows', 'cdp')(column, kept_model)) }}
{%- endmacro %}

{% macro default__purge_previous_rows(column, kept_model) -%}
    {%- if is_incremental() -%}
        delete from {{ this }} as previous
        where not exists (
            select 1 from {{ ref(kept_model) }} as kept
            where kept.{{ column }} = previous.{{ column }}
        )
    {%- else -%}
        select 1 as nothing_to_purge
    {%- endif -%}
{%- endmacro %}

{% macro spark__purge_previous_rows(column, kept_model) -%}
    select 1 as purged_by_insert_overwrite
{%- endmacro %}
