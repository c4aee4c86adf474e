{#- The customer ids under which the marts' histories (customer_traits_daily, audience_membership_history)
    keep rows of earlier builds: every id a current record that is not erased carries now
    (int_customer_ids_retained) or carried before (int_customer_id_history: an id a merge retired), less
    the ids of erased customers (int_erasure_customer_ids). So the past rows of a customer go when she is
    erased, and when none of her records is left in the sources (deleted at the source, docs/privacy.md
    "Deleted at the source"), under every id she had; a merged customer's rows under her retired id stay.
    The pre_hook purge_previous_rows deletes the other rows; the models carry over only these ids.
    Grain: one row per customer_id. -#}
with

retained as (

    select
        record_key,
        customer_id
    from {{ ref('int_customer_ids_retained') }}

),

history as (

    select
        record_key,
        customer_id
    from {{ ref('int_customer_id_history') }}

),

erased_ids as (

    select customer_id from {{ ref('int_erasure_customer_ids') }}

),

current_ids as (

    select distinct customer_id from retained

),

retired as (

    {#- Ids no record carries now (few: merges), before the join with the records. -#}
    select
        history.record_key,
        history.customer_id
    from history
    left join current_ids on history.customer_id = current_ids.customer_id
    where current_ids.customer_id is null

),

retired_ids as (

    select distinct retired.customer_id
    from retired
    inner join retained on retired.record_key = retained.record_key

),

carried as (

    select customer_id from current_ids
    union all
    select customer_id from retired_ids

),

final as (

    select carried.customer_id
    from carried
    left join erased_ids on carried.customer_id = erased_ids.customer_id
    where erased_ids.customer_id is null

)

select * from final
