{#- on-run-start: create the few helper functions an engine lacks. DuckDB and Spark need none.
    PostgreSQL:
    - extension fuzzystrmatch (levenshtein(), for edit_distance);
    - cdp_try_timestamp(text, zone): there is no "try" parse, so a small PL/pgSQL function returns null
      instead of raising;
    - cdp_jaro_winkler(text, text): Jaro-Winkler similarity as DuckDB's jaro_winkler_similarity()
      computes it (match window max(len)/2 - 1, common prefix up to 4 characters weighted 0.1, the prefix
      boost only above 0.7; 0 when either side is empty), for string_similarity. It compares
      characters where DuckDB compares bytes: the same on the ASCII matching forms it is given.
    The functions live in the target schema; the extension in the first schema of the search path
    (public by default), unless a DBA installed it already. -#}
{% macro cdp_create_functions() -%}
    {{ return(adapter.dispatch('cdp_create_functions', 'cdp')()) }}
{%- endmacro %}

{% macro default__cdp_create_functions() -%}
    select 1 as no_functions_needed
{%- endmacro %}

{% macro postgres__cdp_create_functions() -%}
    create schema if not exists {{ target.schema }};
    create extension if not exists fuzzystrmatch;
    {%- set patterns = cdp.cdp_timestamp_patterns() %}
    create or replace function {{ target.schema }}.cdp_try_timestamp(s text, tz text)
    returns timestamp language plpgsql immutable as $fn$
    declare
        local_ts timestamp;
        meridiem text;
        clock_hour integer;
    begin
        {#- A fraction of a second beyond microseconds (SQL Server's datetime2 writes seven digits) is cut
            to six, as DuckDB and Spark read it; PostgreSQL's cast would round it. #}
        s := regexp_replace(s, '([.][0-9]{6})[0-9]+', '\1');
        {#- An hour 24 ('24:00:00': the next midnight to PostgreSQL's cast) is no hour to DuckDB's and
            Spark's formats: null on every engine. #}
        if s ~ '[T ]24:' then
            return null;
        end if;
        if s ~ '{{ patterns.with_offset }}' then
            return cast(s as timestamptz) at time zone 'UTC';
        end if;
        if s ~ '{{ patterns.twelve_hour }}' then
            {#- The 12-hour clock: the meridiem set aside, the rest read as below, the hour moved. #}
            meridiem := right({{ cdp.cdp_meridiem_normalised('s') }}, 2);
            s := rtrim(left(s, length(s) - 2));
            clock_hour := cast(substring(s from ' ([0-9]{1,2}):[0-9]{2}') as integer);
            if clock_hour is null or clock_hour not between 1 and 12 then
                return null;
            end if;
        end if;
        if s ~ '^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([T ][0-9]{1,2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?)?$' then
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
        if meridiem is not null then
            {#- 12 AM is midnight, 12 PM noon; 1-11 PM are 13-23. #}
            local_ts := local_ts + (
                case when meridiem = 'PM' then 12 else 0 end - case when clock_hour = 12 then 12 else 0 end
            ) * interval '1 hour';
        end if;
        return (local_ts at time zone tz) at time zone 'UTC';
    exception when others then
        return null;
    end
    $fn$;
    create or replace function {{ target.schema }}.cdp_float8_exact(x double precision)
    returns numeric language plpgsql immutable strict parallel safe as $fn$
    declare
        bits bigint := cast(cast(('x' || encode(float8send(x), 'hex')) as bit(64)) as bigint);
        biased_exponent integer := cast((bits >> 52) & 2047 as integer);
        mantissa bigint := bits & 4503599627370495;
    begin
        if biased_exponent = 0 then
            biased_exponent := 1;
        else
            mantissa := mantissa | 4503599627370496;
        end if;
        if bits < 0 then
            mantissa := -mantissa;
        end if;
        if biased_exponent >= 1075 then
            return mantissa * power(cast(2 as numeric), biased_exponent - 1075);
        end if;
        -- mantissa * 2^-k = mantissa * 5^k * 10^-k, every step exact
        return mantissa * power(cast(5 as numeric), 1075 - biased_exponent)
            * cast('1e-' || (1075 - biased_exponent) as numeric);
    end
    $fn$;
    create or replace function {{ target.schema }}.cdp_jaro_winkler(s1 text, s2 text)
    returns double precision language plpgsql immutable strict parallel safe as $fn$
    declare
        a text[] := regexp_split_to_array(s1, '');
        b text[] := regexp_split_to_array(s2, '');
        len_a integer := length(s1);
        len_b integer := length(s2);
        match_window integer := greatest(greatest(len_a, len_b) / 2 - 1, 0);
        matched_a boolean[] := array_fill(false, array[greatest(len_a, 1)]);
        matched_b boolean[] := array_fill(false, array[greatest(len_b, 1)]);
        matches integer := 0;
        transpositions integer := 0;
        prefix integer := 0;
        k integer := 1;
        jaro double precision;
    begin
        if len_a = 0 or len_b = 0 then
            return 0.0;
        end if;
        for i in 1..len_a loop
            for j in greatest(1, i - match_window)..least(len_b, i + match_window) loop
                if not matched_b[j] and a[i] = b[j] then
                    matched_a[i] := true;
                    matched_b[j] := true;
                    matches := matches + 1;
                    exit;
                end if;
            end loop;
        end loop;
        if matches = 0 then
            return 0.0;
        end if;
        for i in 1..len_a loop
            if matched_a[i] then
                while not matched_b[k] loop
                    k := k + 1;
                end loop;
                if a[i] <> b[k] then
                    transpositions := transpositions + 1;
                end if;
                k := k + 1;
            end if;
        end loop;
        jaro := (
            cast(matches as double precision) / len_a
            + cast(matches as double precision) / len_b
            + cast(matches - transpositions / 2 as double precision) / matches
        ) / 3.0;
        while prefix < least(len_a, len_b, 4) and a[prefix + 1] = b[prefix + 1] loop
            prefix := prefix + 1;
        end loop;
        if jaro > 0.7 then
            -- jaro + prefix * 0.1 * (1 - jaro) with one rounding, as DuckDB's fused multiply-add does:
            -- exact in numeric, then rounded once to double precision.
            jaro := cast(
                {{ target.schema }}.cdp_float8_exact(jaro)
                + {{ target.schema }}.cdp_float8_exact(prefix * cast(0.1 as double precision))
                * {{ target.schema }}.cdp_float8_exact(1.0 - jaro)
                as double precision
            );
        end if;
        return jaro;
    end
    $fn$
{%- endmacro %}
