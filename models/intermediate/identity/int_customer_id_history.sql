{{
    config(
        materialized='incremental',
        unique_key=['record_key', 'customer_id'],
        incremental_strategy=cdp.append_strategy(),
        on_schema_change='fail',
        pre_hook="{{ cdp.purge_previous_rows('record_key', 'int_customer_ids_assigned') }}",
        post_hook="{{ cdp.incremental_previous_cleanup() }}"
    )
}}

{#- Every customer id each current identity record has carried: int_customer_ids_assigned keeps only the
    current one, and a merge retires the younger id without a trace. Erasure reads it
    (int_erasure_customer_ids): a person merged after the marts' histories recorded her under a retired
    id (customer_traits_daily, audience_membership_history keep earlier builds' rows) is purged under
    that id too. int_customer_ids_retired reads which ids no current record carries any more, and
    int_customer_ids_kept which records carried an id retired before that table existed. A run adds
    the (record, id) pairs not yet stored, stamped with the run's start, and the rows of records gone
    from the sources go (pre_hook purge_previous_rows; on Spark, whose
    insert_overwrite replaces the table, the run selects the stored rows of current records as well:
    macro append_strategy). It knows the ids from its first run on: a merge before it is not in it. A
    --full-refresh starts it again, as it starts the stable ids again. Grain: one row per (record_key,
    customer_id). -#}
with

assigned as (

    select
        record_key,
        customer_id
    from {{ ref('int_customer_ids_assigned') }}

),

stored as (

    {% if is_incremental() %}
        select
            record_key,
            customer_id,
            first_recorded_at
        from {{ cdp.incremental_previous_relation() }}
    {% else %}
        {{ cdp.no_rows({
            'record_key': dbt.type_string(),
            'customer_id': dbt.type_string(),
            'first_recorded_at': dbt.type_timestamp()
        }) }}
    {% endif %}

),

added as (

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

),

final as (

    {#- Spark: the stored rows of current records as well, which insert_overwrite would otherwise lose. -#}
    {% if is_incremental() and cdp.append_strategy() == 'insert_overwrite' %}
        select
            stored.record_key,
            stored.customer_id,
            stored.first_recorded_at
        from stored
        where stored.record_key in (select assigned.record_key from assigned)
        union all
    {% endif %}
    select
        record_key,
        customer_id,
        first_recorded_at
    from added

)

select * from final
