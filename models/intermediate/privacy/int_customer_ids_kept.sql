{#- The customer ids under which the marts' histories (customer_traits_daily, audience_membership_history)
    keep rows of earlier builds: every id a current record that is not erased carries now
    (int_customer_ids_retained), and every retired id (int_customer_ids_retired) that a current record
    carried until it retired (int_customer_id_history: a merge gave the record an older id in the run
    that retired this one), less the ids of erased customers (int_erasure_customer_ids). So the past
    rows of a customer go when she is erased, and when none of her records is left in the sources
    (deleted at the source, docs/privacy.md "Deleted at the source"), under every id she had, also when
    a record that a split took from her earlier is left; a merged customer's rows under her retired id
    stay.
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
        customer_id,
        first_recorded_at
    from {{ ref('int_customer_id_history') }}

),

retired_ids as (

    select
        customer_id,
        retired_at
    from {{ ref('int_customer_ids_retired') }}

),

erased_ids as (

    select customer_id from {{ ref('int_erasure_customer_ids') }}

),

current_ids as (

    select distinct customer_id from retained

),

retired_pairs as (

    {#- The current records that carried a retired id (few: merges and splits), with when they got it. -#}
    select
        history.record_key,
        history.customer_id,
        history.first_recorded_at,
        retired_ids.retired_at
    from history
    inner join retired_ids on history.customer_id = retired_ids.customer_id
    inner join retained on history.record_key = retained.record_key

),

carried_to_the_end as (

    {#- Per such pair, the latest id the record got before the id retired: the id itself when the record
        carried it until then (a merge moved it in the run that retired the id), a later one when the
        record left it earlier (a split took it away, and the records that kept the id are deleted). A
        record has one id per run, so its ids' first times differ. -#}
    select
        retired_pairs.customer_id,
        retired_pairs.first_recorded_at,
        retired_pairs.retired_at,
        max(later.first_recorded_at) as last_id_recorded_at
    from retired_pairs
    inner join history as later
        on
            retired_pairs.record_key = later.record_key
            and (retired_pairs.retired_at is null or retired_pairs.retired_at > later.first_recorded_at)
    group by
        retired_pairs.record_key,
        retired_pairs.customer_id,
        retired_pairs.first_recorded_at,
        retired_pairs.retired_at

),

retired_kept as (

    {#- A retired id stays while a record that carried it to the end is left (when it retired is not
        known: while any record that carried it is left). -#}
    select distinct customer_id
    from carried_to_the_end
    where retired_at is null or first_recorded_at = last_id_recorded_at

),

carried as (

    select customer_id from current_ids
    union all
    select customer_id from retired_kept

),

final as (

    select carried.customer_id
    from carried
    left join erased_ids on carried.customer_id = erased_ids.customer_id
    where erased_ids.customer_id is null

)

select * from final
