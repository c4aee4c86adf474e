{{
    config(
        materialized='incremental',
        unique_key='record_key',
        incremental_strategy=cdp.incremental_strategy(),
        on_schema_change='append_new_columns',
        pre_hook="{{ cdp.purge_previous_rows('record_key', 'int_identity_clusters') }}",
        post_hook="{{ cdp.incremental_previous_cleanup() }}"
    )
}}

{#- Stable customer ids. Each run keeps the previous assignment (this model's own table):
    - a cluster whose records already carry ids keeps the oldest of them (a merge: the oldest survives);
    - an id whose records now sit in several clusters stays with the cluster holding most of them (a
      split: the larger part keeps it; ties go to the smaller cluster_key); the other parts get new ids;
    - a new cluster gets 'cus_' + 16 hex digits of the hash of its cluster_key (its smallest record
      key), so a full rebuild from the same data gives the same ids; on an incremental run, when that
      id is taken (a current record carries it, or the id history holds it: a retired id is never
      given to another cluster), the hash of the cluster_key and the run's invocation id.
    previous_customer_id is the id the record carried before this run (null for a record new to it):
    int_customer_ids_retired reads where a retired id's records went.
    A record that disappeared from the sources leaves the table (its key is the source's identifier, a
    loyalty card or an account: docs/privacy.md "Deleted at the source"); should it come back it is
    assigned as any record is. Every run selects the complete new state, and the pre_hook deletes the
    rows of records gone, so delete+insert (DuckDB, PostgreSQL) and a strategy that replaces the table
    (macro incremental_strategy: insert_overwrite on Spark) give the same table. A column added to the
    model is added to a stored table on its next run (on_schema_change append_new_columns: every run
    selects every row again, so no row keeps it null).
    Grain: one row per current record. -#}
{#- The id history's stored table, on incremental runs: a --full-refresh of this model assigns every
    id from scratch (refresh its stateful dependants with it: --full-refresh --select
    int_customer_ids_assigned+, docs/identity_resolution.md). -#}
{%- set id_history = cdp.stored_relation('int_customer_id_history') if is_incremental() else none %}
with

clusters as (

    select
        record_key,
        cluster_key
    from {{ ref('int_identity_clusters') }}

),

previous_state as (

    {% if is_incremental() %}
        select
            record_key,
            customer_id,
            customer_id_assigned_at
        from {{ cdp.incremental_previous_relation() }}
    {% else %}
        {{ cdp.no_rows({
            'record_key': dbt.type_string(),
            'customer_id': dbt.type_string(),
            'customer_id_assigned_at': dbt.type_timestamp()
        }) }}
    {% endif %}

),

clustered_records as (

    {#- Each current record's cluster and the id it carried before this run (null: a new record). #}
    select
        clusters.record_key,
        clusters.cluster_key,
        previous_state.customer_id as previous_customer_id,
        previous_state.customer_id_assigned_at as previous_assigned_at
    from clusters
    left join previous_state on clusters.record_key = previous_state.record_key

),

claims as (

    select
        cluster_key,
        previous_customer_id as customer_id,
        min(previous_assigned_at) as customer_id_assigned_at,
        count(*) as records_carrying_id
    from clustered_records
    where previous_customer_id is not null
    group by cluster_key, previous_customer_id

),

split_winners as (

    select
        *,
        row_number() over (
            partition by customer_id order by records_carrying_id desc, cluster_key asc
        ) as split_rank
    from claims

),

merge_winners as (

    select
        cluster_key,
        customer_id,
        customer_id_assigned_at,
        row_number() over (
            partition by cluster_key order by customer_id_assigned_at asc, customer_id asc
        ) as merge_rank
    from split_winners
    where split_rank = 1

),

kept_ids as (

    select
        cluster_key,
        customer_id,
        customer_id_assigned_at
    from merge_winners
    where merge_rank = 1

),

new_clusters as (

    select distinct clusters.cluster_key
    from clusters
    left join kept_ids on clusters.cluster_key = kept_ids.cluster_key
    where kept_ids.cluster_key is null

),

new_id_candidates as (

    select
        cluster_key,
        {{ dbt.concat(["'cus_'", "substr(" ~ dbt.hash('cluster_key') ~ ", 1, 16)"]) }} as candidate_id
    from new_clusters

),

used_ids as (

    {#- Ids a new cluster must not get: those of current records (the claims: on Spark the previous state
        is a copy taken before any purge, so the records gone are left out here on every engine alike),
        and every id the id history holds, retired ones included: a retired id minted again for
        another cluster would hand its past rows (the marts' histories keep them under it while it is
        kept) to the records now carrying it. Read from the stored table (a ref would be a cycle). -#}
    select customer_id from claims
    {%- if id_history is not none %}
        union all
        select customer_id from {{ id_history }}
    {%- endif %}

),

taken_candidates as (

    select distinct new_id_candidates.cluster_key
    from new_id_candidates
    inner join used_ids on new_id_candidates.candidate_id = used_ids.customer_id

),

new_ids as (

    select
        new_id_candidates.cluster_key,
        {#- The hash of the cluster key is taken when a split left this part behind, or when the id
            retired. -#}
        case
            when taken_candidates.cluster_key is null then new_id_candidates.candidate_id
            else {{ dbt.concat(["'cus_'", "substr(" ~ dbt.hash(dbt.concat(['new_id_candidates.cluster_key', "'|" ~ invocation_id ~ "'"])) ~ ", 1, 16)"]) }}
        end as customer_id,
        cast({{ dbt.current_timestamp() }} as {{ dbt.type_timestamp() }}) as customer_id_assigned_at
    from new_id_candidates
    left join taken_candidates on new_id_candidates.cluster_key = taken_candidates.cluster_key

),

cluster_ids as (

    select
        cluster_key,
        customer_id,
        customer_id_assigned_at
    from kept_ids
    union all
    select
        cluster_key,
        customer_id,
        customer_id_assigned_at
    from new_ids

),

final as (

    select
        clustered_records.record_key,
        clustered_records.cluster_key,
        cluster_ids.customer_id,
        cluster_ids.customer_id_assigned_at,
        clustered_records.previous_customer_id
    from clustered_records
    inner join cluster_ids on clustered_records.cluster_key = cluster_ids.cluster_key

)

select * from final
