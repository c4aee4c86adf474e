{#- The customer ids under which the marts' histories (customer_traits_daily, audience_membership_history)
    keep rows of earlier builds: every id a current record that is not erased carries now
    (int_customer_ids_retained), and every retired id (int_customer_ids_retired) whose records went to
    one of those (retired_into: a merge), less the ids of erased customers (int_erasure_customer_ids).
    So the past rows of a customer go when she is erased, and when none of her records is left in the
    sources (deleted at the source, docs/privacy.md "Deleted at the source"), under every id she had,
    also when a record that a split took from her earlier is left; a merged customer's rows under her
    retired id stay. The pre_hook purge_previous_rows deletes the other rows; the models carry over only
    these ids. Grain: one row per customer_id. -#}
with

retained as (

    select
        record_key,
        customer_id
    from {{ ref('int_customer_ids_retained') }}

),

retired_ids as (

    select
        customer_id,
        retired_at,
        retired_into
    from {{ ref('int_customer_ids_retired') }}

),

erased_ids as (

    select customer_id from {{ ref('int_erasure_customer_ids') }}

),

current_ids as (

    select distinct customer_id from retained

),

retired_kept as (

    {#- A retired id whose records went to an id carried now (a merge; retired_into is always an id
        carried now, or null): kept as long as that id is, not erased. -#}
    select retired_ids.customer_id
    from retired_ids
    inner join current_ids on retired_ids.retired_into = current_ids.customer_id
    left join erased_ids on retired_ids.retired_into = erased_ids.customer_id
    where retired_ids.retired_at is not null and erased_ids.customer_id is null

),

retired_unknown as (

    {#- Ids retired before int_customer_ids_retired's first build (retired_at null): kept while a
        current record carried them (int_customer_id_history), as before that table existed. -#}
    select distinct retired_ids.customer_id
    from retired_ids
    inner join {{ ref('int_customer_id_history') }} as history on retired_ids.customer_id = history.customer_id
    inner join retained on history.record_key = retained.record_key
    where retired_ids.retired_at is null

),

carried as (

    select customer_id from current_ids
    union all
    select customer_id from retired_kept
    union all
    select customer_id from retired_unknown

),

final as (

    select carried.customer_id
    from carried
    left join erased_ids on carried.customer_id = erased_ids.customer_id
    where erased_ids.customer_id is null

)

select * from final
