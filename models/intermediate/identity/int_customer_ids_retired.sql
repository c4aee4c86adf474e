{{
    config(
        materialized='incremental',
        unique_key='customer_id',
        incremental_strategy=cdp.incremental_strategy(),
        on_schema_change='fail',
        pre_hook=[
            "{{ cdp.purge_previous_rows('customer_id', 'int_customer_id_history') }}",
            "{{ cdp.purge_previous_rows('customer_id', 'int_customer_ids_assigned', keep='absent') }}"
        ],
        post_hook="{{ cdp.incremental_previous_cleanup() }}"
    )
}}

{#- The customer ids that a current record carried (int_customer_id_history) and none carries now
    (int_customer_ids_assigned), with the start of the run that first found them so: retired_at. An id
    retires when a merge gives its records an older id, or when the records that still carried it are
    deleted at the source after a split took the others away. int_customer_ids_kept tells the two apart
    by that time: a record that carried the id until it retired got its next id in that run
    (docs/privacy.md "Deleted at the source"). Each run selects the complete state: the stored time of an
    id still retired, this run's start for an id retired since; the pre_hooks delete the ids the history
    no longer holds (their records are gone) and those a current record carries again, so an id retired
    a second time gets the second time. retired_at is null for the ids already retired when this table
    was first built (a warehouse built before it, or a --full-refresh of this model): when they retired
    is not known. It runs in every build that runs int_customer_id_history, so that the time is the
    run's. Grain: one row per customer_id. -#}
with

history as (

    select distinct customer_id
    from {{ ref('int_customer_id_history') }}

),

current_ids as (

    select distinct customer_id
    from {{ ref('int_customer_ids_assigned') }}

),

stored as (

    {% if is_incremental() %}
        select
            customer_id,
            retired_at
        from {{ cdp.incremental_previous_relation() }}
    {% else %}
        select
            cast(null as {{ dbt.type_string() }}) as customer_id,
            cast(null as {{ dbt.type_timestamp() }}) as retired_at
        where 1 = 0
    {% endif %}

),

retired as (

    select history.customer_id
    from history
    left join current_ids on history.customer_id = current_ids.customer_id
    where current_ids.customer_id is null

),

final as (

    select
        retired.customer_id,
        case
            when stored.customer_id is not null then stored.retired_at
            else {{ cdp.run_started_at_timestamp() if is_incremental() else 'cast(null as ' ~ dbt.type_timestamp() ~ ')' }}
        end as retired_at
    from retired
    left join stored on retired.customer_id = stored.customer_id

)

select * from final
