{#- on-run-start: create the few helper functions an engine lacks. DuckDB and Spark need none;
    PostgreSQL has no "try" parse, so a small PL/pgSQL function returns null instead of raising. -#}
{% macro cdp_create_functions() -%}
    {{ return(adapter.dispatch('cdp_create_functions', 'cdp')()) }}
{%- endmacro %}

{% macro default__cdp_create_functions() -%}
    select 1 as no_functions_needed
{%- endmacro %}

{% macro postgres__cdp_create_functions() -%}
    create schema if not exists {{ target.schema }};
    create or replace function {{ target.schema }}.cdp_try_timestamp(s text, tz text)
    returns timestamp language plpgsql immutable as $fn$
    declare
        local_ts timestamp;
    begin
        if s ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9:.]+ ?(Z|z|[+-][0-9]{2}(:?[0-9]{2})?)$' then
            return cast(s as timestamptz) at time zone 'UTC';
        elsif s ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{1,2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?)?$' then
            local_ts := cast(replace(s, 'T', ' ') as timestamp);
        elsif s ~ '^[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}( [0-9]{1,2}:[0-9]{2}(:[0-9]{2})?)?$' then
            local_ts := cast(to_timestamp(s, 'DD/MM/YYYY HH24:MI:SS') as timestamp);
        elsif s ~ '^[0-9]{1,2}-[0-9]{1,2}-[0-9]{4}( [0-9]{1,2}:[0-9]{2}(:[0-9]{2})?)?$' then
            local_ts := cast(to_timestamp(s, 'DD-MM-YYYY HH24:MI:SS') as timestamp);
        elsif s ~ '^[0-9]{4}/[0-9]{1,2}/[0-9]{1,2}$' then
            local_ts := cast(to_timestamp(s, 'YYYY/MM/DD') as timestamp);
        else
            return null;
        end if;
        return (local_ts at time zone tz) at time zone 'UTC';
    exception when others then
        return null;
    end
    $fn$
{%- endmacro %}
