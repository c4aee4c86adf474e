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
      key), so a full rebuild from the same data gives the same ids.
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
        select
            cast(null as {{ dbt.type_string() }}) as record_key,
            cast(null as {{ dbt.type_string() }}) as customer_id,
            cast(null as {{ dbt.type_timestamp() }}) as customer_id_assigned_at
        where 1 = 0
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

previous_ids as (

    {#- Ids of current records only, read from the claims: on Spark the previous state is a copy taken
        before any purge, so the records gone are left out here on every engine alike. -#}
    select distinct customer_id from claims

),

new_ids as (

    select
        new_id_candidates.cluster_key,
        {#- The hash of the cluster key can only be taken already when a split left this part behind. -#}
        case
            when previous_ids.customer_id is null then new_id_candidates.candidate_id
            else {{ dbt.concat(["'cus_'", "substr(" ~ dbt.hash(dbt.concat(['new_id_candidates.cluster_key', "'|" ~ invocation_id ~ "'"])) ~ ", 1, 16)"]) }}
        end as customer_id,
        cast({{ dbt.current_timestamp() }} as {{ dbt.type_timestamp() }}) as customer_id_assigned_at
    from new_id_candidates
    left join previous_ids on new_id_candidates.candidate_id = previous_ids.customer_id

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
