{#- pre_hook of an incremental model that keeps rows of earlier builds: delete the rows whose `column`
    value the model `against_model` does not hold (with `keep='absent'`: the rows whose value it holds),
    before the run merges its new state (docs/privacy.md "Erasure" and "Deleted at the source"). Used on
    - int_customer_ids_assigned and int_customer_id_history, by record_key against the current records:
      a record deleted at the source leaves no key (its loyalty card, its account) behind;
    - audience_membership_history and customer_traits_daily, by customer_id against
      int_customer_ids_kept: the rows of an erased customer, and of a customer none of whose records is
      left, go, under every id her records carried;
    - int_customer_ids_retired, by customer_id: the ids int_customer_id_history no longer holds, and
      (`keep='absent'`) those a current record carries again (int_customer_ids_assigned).
    delete+insert (DuckDB, PostgreSQL) keeps the rows a run does not select, hence the delete; on Spark
    insert_overwrite replaces the whole table with what the run selects, and the models select only kept
    rows, so nothing is deleted there. A no-op on a first or full-refresh build. -#}
{% macro purge_previous_rows(column, against_model, keep='present') -%}
    {%- if keep not in ('present', 'absent') -%}
        {{ exceptions.raise_compiler_error("purge_previous_rows: keep must be 'present' or 'absent', not '" ~ keep ~ "'") }}
    {%- endif -%}
    {{ return(adapter.dispatch('purge_previous_rows', 'cdp')(column, against_model, keep)) }}
{%- endmacro %}

{% macro default__purge_previous_rows(column, against_model, keep) -%}
    {%- if is_incremental() -%}
        delete from {{ this }} as previous
        where {{ 'not ' if keep == 'present' }}exists (
            select 1 from {{ ref(against_model) }} as kept
            where kept.{{ column }} = previous.{{ column }}
        )
    {%- else -%}
        select 1 as nothing_to_purge
    {%- endif -%}
{%- endmacro %}

{% macro spark__purge_previous_rows(column, against_model, keep) -%}
    select 1 as purged_by_insert_overwrite
{%- endmacro %}
