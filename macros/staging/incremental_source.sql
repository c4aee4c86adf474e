{#- The raw rows an incremental staging base model parses (docs/scaling.md "Incremental runs"). Emits
    CTEs that end with one named `source`: the raw table's rows (its raw_columns as raw_text_columns
    reads them) plus
    - merge_key, the model's unique_key: the cleaned `key` (an event, order or transaction id), or for a
      row without one 'raw|' and its whole raw record, so identical keyless rows share a merge key;
    - raw_hash, the fingerprint of the row's delivered values as raw_text reads them (raw_row_hash);
    - _staged_at, the start of the dbt run that parses the row (run_started_at, UTC).

    A full build (first run, --full-refresh, var staging_incremental false, Spark) reads every raw row.
    An incremental run reads only the raw rows of the merge keys that have
    - a raw row whose fingerprint is not stored yet: a new row (however late its time) or a changed one;
    - a stored row whose fingerprint the raw table no longer holds: a changed row's earlier version, or
      a row deleted at the source (a contact removed from the CRM, a delivery withdrawn);
    - a fingerprint the raw table holds in another number of rows than the table stores: a row
      delivered again byte for byte (one more identical copy, a duplicate), or one of its identical
      copies withdrawn. Only fingerprints of more than one row, raw or stored, need counting: the two
      tests above find a fingerprint of one row on a side without it on the other;
    - or a stored row quarantined as future_timestamp: time passes, it may be usable now.
    Every raw row of such a key is read, so the repeated deliveries of a key are flagged among all of
    them (flag_duplicates) as a full build flags them, and delete+insert on merge_key replaces every
    stored row of the key: a changed raw row replaces its earlier version (which left the raw table).
    A key none of whose rows is delivered any more yields no row to replace its stored ones: the
    model's post_hook deletes them (macro undelivered_rows_deleted, set by staging_incremental_config),
    so the table holds what a full build of the raw table would. -#}
{% macro incremental_source(relation, key, raw_columns) -%}
    {%- if not key or not raw_columns -%}
        {{ exceptions.raise_compiler_error("incremental_source(): pass the raw table, its key column and raw_columns (the raw_record() list)") }}
    {%- endif -%}
    {%- set merge_key -%}
        coalesce({{ cdp.clean_text(key) }}, {{ dbt.concat(["'raw|'", cdp.raw_record(raw_columns)]) }})
    {%- endset -%}
raw_text as (

    {#- The raw columns as every rule reads them (raw_text_columns: Unicode spaces as spaces). #}
    select
        {{- cdp.raw_text_columns(raw_columns) }}
    from {{ relation }}

),

    {%- if is_incremental() %}

raw_fingerprints as materialized (

    {#- Each raw row's merge key and fingerprint, once: two columns, read by both tests below. -#}
    select
        {{ merge_key }} as merge_key,
        {{ cdp.raw_row_hash(raw_columns) }} as raw_hash
    from raw_text

),

incremental_keys as (

    select raw_fingerprints.merge_key
    from raw_fingerprints
    where not exists (
        select 1 from {{ this }} as stored
        where stored.raw_hash = raw_fingerprints.raw_hash
    )

    union all

    select stored.merge_key
    from {{ this }} as stored
    where
        stored.quarantine_reason = 'future_timestamp'
        or not exists (
            select 1 from raw_fingerprints
            where raw_fingerprints.raw_hash = stored.raw_hash
        )

    union all

    {#- A fingerprint of several rows on one side whose number of rows differs on the other (which
        has none, one or another number): the key of its raw rows. A fingerprint without raw rows is
        the test above's. Counted over the fingerprints alone, the keys found after. #}
    select raw_fingerprints.merge_key
    from raw_fingerprints
    where raw_fingerprints.raw_hash in (
        select coalesce(raw_copies.raw_hash, stored_copies.raw_hash)
        from (
            select
                raw_hash,
                count(*) as copies
            from raw_fingerprints
            group by raw_hash
            having count(*) > 1
        ) as raw_copies
        full outer join (
            select
                raw_hash,
                count(*) as copies
            from {{ this }}
            group by raw_hash
            having count(*) > 1
        ) as stored_copies
            on raw_copies.raw_hash = stored_copies.raw_hash
        where raw_copies.copies is distinct from stored_copies.copies
    )

),

    {% endif -%}
source as (

    select
        *,
        {{ merge_key }} as merge_key,
        {{ cdp.raw_row_hash(raw_columns) }} as raw_hash,
        {{ cdp.run_started_at_timestamp() }} as _staged_at
    from raw_text
    {%- if is_incremental() %}
    where {{ merge_key }} in (select incremental_keys.merge_key from incremental_keys)
    {%- endif %}

)
{%- endmacro %}
