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
    (int_customer_ids_assigned), and where each went: retired_into. An id retires
    - by a merge: its records get an older id. retired_into is the id now carried by most of the
      current records that carried it before the run that retired it (previous_customer_id; ties go
      to the smaller id), the id a split would have left it with;
    - by a deletion at the source: no current record carried it before that run. retired_into is null.
    int_customer_ids_kept keeps a retired id while its retired_into is kept, so a merged person's rows
    under her old id stay, and a deleted person's go although a record that a split took from her
    earlier is left (docs/privacy.md "Deleted at the source").
    Each run selects the complete state: an id retired since the last run gets this run's start
    (retired_at) and its retired_into; a stored id keeps both, except that an id whose retired_into
    retired in this run follows it (to that id's retired_into, or null), and one whose retired_into no
    record carries any more gets null, so retired_into is always an id carried now, or null. The
    pre_hooks delete the ids the history no longer holds (their records are gone) and those a current
    record carries again. On this table's first build (a warehouse built before it, or a
    --full-refresh of it) the ids already retired get a null retired_at: when and where they went is
    not known (retired_into is then read nowhere), and int_customer_ids_kept keeps them while a current
    record carried them. It must run in every build that runs int_customer_ids_assigned, which it reads
    right after (an id retired in a build that skipped it is found later, with the records it went to
    no longer known: as deleted).
    Grain: one row per customer_id. -#}
with

assigned as (

    select
        customer_id,
        previous_customer_id
    from {{ ref('int_customer_ids_assigned') }}

),

history_ids as (

    select distinct customer_id
    from {{ ref('int_customer_id_history') }}

),

current_ids as (

    select distinct customer_id
    from assigned

),

not_carried as (

    {#- The retired ids, since this run or before: the history holds them, no current record carries them. -#}
    select history_ids.customer_id
    from history_ids
    left join current_ids on history_ids.customer_id = current_ids.customer_id
    where current_ids.customer_id is null

),

stored as (

    {#- The stored ids still retired. The pre_hooks delete the others where the engine can (DuckDB,
        PostgreSQL); this join keeps them out of the run's state on every engine (Spark's
        insert_overwrite writes only that state). -#}
    {% if is_incremental() %}
        select
            stored_rows.customer_id,
            stored_rows.retired_at,
            stored_rows.retired_into
        from {{ cdp.incremental_previous_relation() }} as stored_rows
        inner join not_carried on stored_rows.customer_id = not_carried.customer_id
    {% else %}
        {{ cdp.no_rows({
            'customer_id': dbt.type_string(),
            'retired_at': dbt.type_timestamp(),
            'retired_into': dbt.type_string()
        }) }}
    {% endif %}

),

retired_now as (

    {#- Ids retired since the last run: not stored. -#}
    select not_carried.customer_id
    from not_carried
    left join stored on not_carried.customer_id = stored.customer_id
    where stored.customer_id is null

),

successors as (

    {#- Where the current records that carried a newly retired id before this run went, by count. -#}
    select
        retired_now.customer_id,
        assigned.customer_id as successor_id,
        count(*) as record_count
    from retired_now
    inner join assigned on retired_now.customer_id = assigned.previous_customer_id
    group by retired_now.customer_id, assigned.customer_id

),

successors_ranked as (

    select
        customer_id,
        successor_id,
        row_number() over (
            partition by customer_id order by record_count desc, successor_id asc
        ) as successor_rank
    from successors

),

retired_new as (

    select
        retired_now.customer_id,
        {{ cdp.run_started_at_timestamp() if is_incremental() else 'cast(null as ' ~ dbt.type_timestamp() ~ ')' }}
            as retired_at,
        successors_ranked.successor_id as retired_into
    from retired_now
    left join successors_ranked
        on
            retired_now.customer_id = successors_ranked.customer_id
            and successors_ranked.successor_rank = 1

),

retired_before as (

    {#- The stored ids still retired (stored). One whose retired_into retired in this run follows it;
        one whose retired_into is gone with all its records goes nowhere. -#}
    select
        stored.customer_id,
        stored.retired_at,
        case
            when followed.customer_id is not null then followed.retired_into
            when still_carried.customer_id is not null then stored.retired_into
        end as retired_into
    from stored
    left join retired_new as followed on stored.retired_into = followed.customer_id
    left join current_ids as still_carried on stored.retired_into = still_carried.customer_id

),

final as (

    select
        customer_id,
        retired_at,
        retired_into
    from retired_new
    union all
    select
        customer_id,
        retired_at,
        retired_into
    from retired_before

)

select * from final
