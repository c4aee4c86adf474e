{#- A UTC timestamp from the formats real exports use, or null when it cannot be read:
    ISO 8601 with an offset or Z (converted to UTC); naive ISO, 'dd/MM/yyyy HH:mm[:ss]', 'dd/MM/yyyy'
    and 'yyyy-MM-dd' read as local time in var('source_timezone') (Asia/Ho_Chi_Minh); epoch seconds
    (9–10 digits) and milliseconds (12–13 digits). Impossible dates ('2024-02-30') give null. -#}
{% macro parse_timestamp(expr) -%}
    {{ return(adapter.dispatch('parse_timestamp', 'cdp')(expr)) }}
{%- endmacro %}

{% macro cdp_naive_timestamp_formats() -%}
    {{ return([
        '%Y-%m-%d %H:%M:%S', '%Y-%m-%dT%H:%M:%S', '%Y-%m-%d %H:%M:%S.%f', '%Y-%m-%dT%H:%M:%S.%f',
        '%Y-%m-%d %H:%M', '%Y-%m-%dT%H:%M', '%Y-%m-%d',
        '%d/%m/%Y %H:%M:%S', '%d/%m/%Y %H:%M', '%d/%m/%Y', '%d-%m-%Y %H:%M:%S', '%d-%m-%Y', '%Y/%m/%d'
    ]) }}
{%- endmacro %}

{% macro duckdb__parse_timestamp(expr) -%}
    {%- set s -%}trim(cast({{ expr }} as varchar)){%- endset -%}
    {%- set formats = cdp.cdp_naive_timestamp_formats() -%}
    case
        when {{ s }} is null or {{ s }} = '' then null
        when regexp_full_match({{ s }}, '[0-9]{12,13}') then make_timestamp(cast({{ s }} as bigint) * 1000)
        when regexp_full_match({{ s }}, '[0-9]{9,10}') then make_timestamp(cast({{ s }} as bigint) * 1000000)
        when regexp_full_match({{ s }}, '[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9:.]+ ?(Z|z|[+-][0-9]{2}(:?[0-9]{2})?)')
            then timezone('UTC', try_cast({{ s }} as timestamptz))
        else timezone('UTC', timezone('{{ var("source_timezone") }}', try_strptime({{ s }}, [
            {%- for f in formats %}'{{ f }}'{{ ", " if not loop.last }}{% endfor -%}
        ])))
    end
{%- endmacro %}

{% macro postgres__parse_timestamp(expr) -%}
    {#- cdp_try_timestamp() is created by the on-run-start hook cdp_create_functions(). -#}
    {%- set s -%}trim(cast({{ expr }} as text)){%- endset -%}
    case
        when {{ s }} is null or {{ s }} = '' then null
        when {{ s }} ~ '^[0-9]{12,13}$' then to_timestamp(cast({{ s }} as bigint) / 1000.0) at time zone 'UTC'
        when {{ s }} ~ '^[0-9]{9,10}$' then to_timestamp(cast({{ s }} as bigint)) at time zone 'UTC'
        else {{ target.schema }}.cdp_try_timestamp({{ s }}, '{{ var("source_timezone") }}')
    end
{%- endmacro %}

{% macro spark__parse_timestamp(expr) -%}
    {%- set s -%}trim(cast({{ expr }} as string)){%- endset -%}
    case
        when {{ s }} is null or {{ s }} = '' then null
        when {{ s }} rlike '^[0-9]{12,13}$' then timestamp_millis(cast({{ s }} as bigint))
        when {{ s }} rlike '^[0-9]{9,10}$' then timestamp_seconds(cast({{ s }} as bigint))
        when {{ s }} rlike '^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9:.]+ ?(Z|z|[+-][0-9]{2}(:?[0-9]{2})?)$'
            then to_utc_timestamp(try_to_timestamp({{ s }}), 'UTC')
        else to_utc_timestamp(coalesce(
            try_to_timestamp({{ s }}, 'yyyy-MM-dd HH:mm:ss'), try_to_timestamp({{ s }}, "yyyy-MM-dd'T'HH:mm:ss"),
            try_to_timestamp({{ s }}, 'yyyy-MM-dd HH:mm:ss.SSS'), try_to_timestamp({{ s }}, "yyyy-MM-dd'T'HH:mm:ss.SSS"),
            try_to_timestamp({{ s }}, 'yyyy-MM-dd HH:mm'), try_to_timestamp({{ s }}, "yyyy-MM-dd'T'HH:mm"),
            try_to_timestamp({{ s }}, 'yyyy-MM-dd'), try_to_timestamp({{ s }}, 'dd/MM/yyyy HH:mm:ss'),
            try_to_timestamp({{ s }}, 'dd/MM/yyyy HH:mm'), try_to_timestamp({{ s }}, 'dd/MM/yyyy'),
            try_to_timestamp({{ s }}, 'dd-MM-yyyy HH:mm:ss'), try_to_timestamp({{ s }}, 'dd-MM-yyyy'),
            try_to_timestamp({{ s }}, 'yyyy/MM/dd')
        ), '{{ var("source_timezone") }}')
    end
{%- endmacro %}
