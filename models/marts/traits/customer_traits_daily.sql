{{
    config(
        materialized='incremental',
        unique_key='customer_traits_day_key',
        incremental_strategy=cdp.incremental_strategy(),
        on_schema_change='append_new_columns',
        pre_hook="{{ cdp.purge_previous_rows('customer_id', 'int_customer_ids_kept') }}",
        post_hook="{{ cdp.incremental_previous_cleanup() }}"
    )
}}

{#- Daily history of customer_traits (docs/traits.md "History"): every run adds the customer_traits rows of
    their as-of date, replacing the rows of that date when it ran before, and keeps the other dates, so
    "what did we know about her on 1 March" and "changed since" read this table. A trait added later is a
    new column, null on the dates before it. Where the incremental strategy replaces the whole table
    (insert_overwrite on Spark), the run selects the previous dates too. Erasure and deletion at the
    source: only the rows of kept customer ids (int_customer_ids_kept) stay, on every date; the others are
    deleted (pre_hook purge_previous_rows) and never carried over. Grain: one row per
    customer_traits_day_key (customer_id x traits_as_of_date). -#}
-- depends_on: {{ ref('int_customer_ids_kept') }}
with

current_traits as (

    select
        {{ dbt.concat(['customer_id', "'|'", dbt.safe_cast('traits_as_of_date', dbt.type_string())]) }} as customer_traits_day_key,
        *
    from {{ ref('customer_traits') }}

),

previous_days as (

    {% if is_incremental() and cdp.incremental_strategy() == 'insert_overwrite' -%}
        select * from {{ cdp.incremental_previous_relation() }}
        where
            traits_as_of_date not in (select distinct traits_as_of_date from current_traits)
            and customer_id in (select customer_id from {{ ref('int_customer_ids_kept') }})
    {%- else -%}
        select * from current_traits
        where 1 = 0
    {%- endif %}

),

final as (

    select * from previous_days
    union all
    select * from current_traits

)

select * from final
