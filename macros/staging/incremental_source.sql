{#- The raw rows an append-heavy staging base model parses (docs/scaling.md "Incremental runs"). Emits
    CTEs that end with one named `source`: the raw table's rows plus merge_key, the model's unique_key,
    and _staged_at, the start of the dbt run that parses them (run_started_at, UTC).

    merge_key is the cleaned `key` (a source record id: an event id, an order id), or for a row without
    one its whole raw record ('raw|' + raw_record(raw_columns)), so identical keyless rows share a merge
    key and are replaced together.

    A full build (first run, --full-refresh, var staging_incremental false, Spark) reads every raw row.
    An incremental run reads only the rows of the merge keys that have a raw row
    - whose `time` (parsed as staging parses it) is no earlier than the window start: the latest `time`
      already stored in the model (future rows left out) less var incremental_lookback_days days;
    - or whose `time` cannot be parsed (quarantined rows, never many), or lies in the future (they may
      stop being future and must be parsed again).
    Every raw row of such a key is read, so the repeated deliveries of a key are flagged among all of
    them (flag_duplicates) exactly as a full build flags them, and delete+insert on merge_key replaces
    every stored row of the key: a changed raw row replaces its earlier version, a delivery that left the
    raw table leaves the model.

    A source without a time of its own (order lines) takes its window from another raw table: pass
    window_source (a source() relation), window_key (its column holding the same key) and window_time;
    the window then starts `lookback` days before the latest time in that raw table (future rows left out)
    and the keys are those of its rows in the window. new_keys=true also reads the keys that are not stored
    yet, whatever their time. -#}
{% macro incremental_source(relation, key, time, raw_columns, window_source=none, window_key=none, window_time=none, new_keys=false) -%}
    {%- if not raw_columns or (window_source is not none and (window_key is none or window_time is none)) -%}
        {{ exceptions.raise_compiler_error("incremental_source(): pass the raw table, its key and time columns and raw_columns (the raw_record() list); with window_source also window_key and window_time") }}
    {%- endif -%}
    {%- set merge_key -%}
        coalesce({{ cdp.clean_text(key) }}, {{ dbt.concat(["'raw|'", cdp.raw_record(raw_columns)]) }})
    {%- endset -%}
    {%- if is_incremental() -%}
        {%- set lookback = cdp.incremental_lookback_days() -%}
        {%- set window_relation = window_source if window_source is not none else relation -%}
        {%- set window_key_column = window_key if window_source is not none else key -%}
        {%- set window_time_column = window_time if window_source is not none else time -%}
        {%- set window_parsed = cdp.parse_timestamp(window_time_column) -%}
incremental_window as (

    {%- if window_source is none %}
    select {{ dbt.dateadd('day', -lookback, 'max(' ~ time ~ ')') }} as window_start
    from {{ this }}
    where not {{ cdp.is_future(time) }}
    {%- else %}
    select {{ dbt.dateadd('day', -lookback, 'max(' ~ window_parsed ~ ')') }} as window_start
    from {{ window_source }}
    where not {{ cdp.is_future(window_parsed) }}
    {%- endif %}

),

incremental_keys as (

    select
        {%- if window_source is none %}
        {{ merge_key }} as merge_key
        {%- else %}
        {{ cdp.clean_text(window_key_column) }} as merge_key
        {%- endif %}
    from {{ window_relation }}
    cross join incremental_window
    where coalesce({{ window_parsed }} >= incremental_window.window_start, true)
    {%- if new_keys %}

    union all

    select {{ merge_key }} as merge_key
    from {{ relation }}
    where {{ merge_key }} not in (select stored.merge_key from {{ this }} as stored)
    {%- endif %}

),

    {% endif -%}
source as (

    select
        *,
        {{ merge_key }} as merge_key,
        cast('{{ run_started_at.strftime('%Y-%m-%d %H:%M:%S.%f') }}' as {{ dbt.type_timestamp() }}) as _staged_at
    from {{ relation }}
    {%- if is_incremental() %}
    where {{ merge_key }} in (select incremental_keys.merge_key from incremental_keys)
    {%- endif %}

)
{%- endmacro %}
