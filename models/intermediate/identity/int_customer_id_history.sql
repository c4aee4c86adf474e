{{
    config(
        materialized='incremental',
        unique_key=['record_key', 'customer_id'],
        incremental_strategy='append',
        on_schema_change='fail'
    )
}}

{#- Every customer id each identity record has carried, for ever: int_customer_ids_assigned keeps only
    the current one, and a merge retires the younger id without a trace. Erasure reads it
    (int_erasure_customer_ids): a person merged after the marts' histories recorded her under a retired
    id (customer_traits_daily, audience_membership_history keep earlier builds' rows) is purged under
    that id too. Append-only: a run adds the (record, id) pairs not yet stored, stamped with the run's
    start. It knows the ids from its first run on: a merge before it is not in it. A --full-refresh
    starts it again, as it starts the stable ids again. Grain: one row per (record_key, customer_id). -#}
with

assigned as (

    select
        record_key,
        customer_id
    from {{ ref('int_customer_ids_assigned') }}
    where is_active

),

stored as (

    {% if is_incremental() %}
        select
            record_key,
            customer_id
        from {{ this }}
    {% else %}
    select
        cast(null as {{ dbt.type_string() }}) as record_key,
        cast(null as {{ dbt.type_string() }}) as customer_id
    where 1 = 0
    {% endif %}

),

final as (

    select
        assigned.record_key,
        assigned.customer_id,
        {{ cdp.run_started_at_timestamp() }} as first_recorded_at
    from assigned
    left join stored
        on
            assigned.record_key = stored.record_key
            and assigned.customer_id = stored.customer_id
    where stored.record_key is null

)

select * from final
