{#- A UTC timestamp from the formats real exports use, or null when it cannot be read:
    ISO 8601 with an offset, Z, UTC or GMT, written with or without a space before it (converted to UTC);
    naive ISO, 'dd/MM/yyyy HH:mm[:ss]', 'dd-MM-yyyy HH:mm[:ss]', 'dd/MM/yyyy', 'dd-MM-yyyy', 'yyyy-MM-dd'
    and 'yyyy/MM/dd', days, months and hours in one or two digits ('2024-3-5 9:05'), read as local time
    in var('source_timezone') (Asia/Ho_Chi_Minh); the same on a 12-hour clock ('3:30 PM', and
    Vietnamese Windows' 'SA'/'CH' for sáng/chiều); epoch seconds (9–10 digits, with up to six decimals) and milliseconds (12–13 digits);
    a spreadsheet's serial date (five digits, days since 1899-12-30, the fraction the time of day, to the
    second: '45366.6458333333' is 2024-03-15 15:30 local), as Excel writes a date cell formatted
    'General' into a CSV.
    A table written month first ('3/15/2024 3:30:00 PM', var source_date_order) is read so when the
    caller passes month_first. Impossible dates ('2024-02-30') and hours ('13:30 PM'; '24:00:00', which
    DuckDB's cast and PostgreSQL read as the next midnight, the formats not) give null. The patterns that
    pick a branch are cdp_timestamp_patterns(), shared by the three engines. A value none of them reads
    is read once more as a date and time written with words or the time first ('Mar 15, 2024 3:30 PM',
    'Fri, 15 Mar 2024 08:30:00 +0000', '15:30:00 15/3/2024': timestamp_words.sql). -#}
{% macro parse_timestamp(expr, month_first=false) -%}
    {#- month_first: the raw table writes its numeric dates month first (macro source_month_first).
        A value the formats leave null is read again as a date and time written with words or the time
        first (timestamp_words.sql); coalesce() reads it only for those values. -#}
    {%- set text = cdp.month_day_swapped(expr) if month_first else expr -%}
    coalesce(
        {{ adapter.dispatch('parse_timestamp', 'cdp')(text) }},
        {{ cdp.timestamp_words_utc(text) }}
    )
{%- endmacro %}

{% macro cdp_timestamp_patterns() -%}
    {{ return({
        'epoch_milliseconds': '^[0-9]{12,13}$',
        'epoch_seconds': '^[0-9]{9,10}$',
        'epoch_seconds_fraction': '^[0-9]{9,10}[.][0-9]{1,6}$',
        'spreadsheet_serial': '^[0-9]{5}([.][0-9]{1,12})?$',
        'with_offset': '^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ]([01]?[0-9]|2[0-3]):[0-9:.]* *(Z|z|UTC|GMT|[+-][0-9]{2}(:?[0-9]{2})?)$',
        'twelve_hour': '^[0-9].*[0-9] *([AaPp][Mm]|[Ss][Aa]|[Cc][Hh])$'
    }) }}
{%- endmacro %}

{% macro cdp_naive_timestamp_formats() -%}
    {{ return([
        '%Y-%m-%d %H:%M:%S', '%Y-%m-%dT%H:%M:%S', '%Y-%m-%d %H:%M:%S.%n', '%Y-%m-%dT%H:%M:%S.%n',
        '%Y-%m-%d %H:%M', '%Y-%m-%dT%H:%M', '%Y-%m-%d',
        '%d/%m/%Y %H:%M:%S', '%d/%m/%Y %H:%M', '%d/%m/%Y', '%d-%m-%Y %H:%M:%S', '%d-%m-%Y %H:%M', '%d-%m-%Y',
        '%Y/%m/%d'
    ]) }}
{%- endmacro %}

{% macro cdp_twelve_hour_timestamp_formats() -%}
    {#- DuckDB's strptime formats of the 12-hour clock, the meridiem written AM or PM. -#}
    {{ return([
        '%d/%m/%Y %I:%M %p', '%d/%m/%Y %I:%M:%S %p', '%d-%m-%Y %I:%M %p', '%d-%m-%Y %I:%M:%S %p',
        '%Y-%m-%d %I:%M %p', '%Y-%m-%d %I:%M:%S %p'
    ]) }}
{%- endmacro %}

{% macro cdp_spreadsheet_day_zero_before_1970() -%}
    {#- A spreadsheet's serial dates count days from 1899-12-30 (the day zero that makes Excel's serials
        right from 1900-03-01 on: Excel counts a 29 February 1900), 25,569 days before 1970-01-01.
        parse_date and parse_timestamp both read it here. -#}
    25569
{%- endmacro %}

{% macro cdp_spreadsheet_serial_seconds(s) -%}
    {#- The local wall time of a spreadsheet serial date as seconds since 1970-01-01 (read as if UTC),
        rounded to the second. -#}
    (cast(round(cast({{ s }} as {{ cdp.type_double() }}) * 86400) as bigint) - {{ (cdp.cdp_spreadsheet_day_zero_before_1970() | trim | int) * 86400 }})
{%- endmacro %}

{% macro cdp_meridiem_normalised(s) -%}
    {#- A 12-hour time upper-cased, its meridiem written ' AM' or ' PM': Vietnamese SA (sáng) and CH
        (chiều) too, with or without a space before it. -#}
    regexp_replace(regexp_replace(upper({{ s }}), ' *(AM|SA)$', ' AM'), ' *(PM|CH)$', ' PM')
{%- endmacro %}

{% macro duckdb_format_list(formats) -%}
    {#- strptime formats as a DuckDB list literal. -#}
    [{% for f in formats %}'{{ f }}'{{ ", " if not loop.last }}{% endfor %}]
{%- endmacro %}

{% macro duckdb_try_strptime(text, formats, order_text=none) -%}
    {#- try_strptime over a list of formats, given only those of the value's order: the day-first ones
        when a '/' or '-' follows one or two digits ('5/3/2024', '15-03-2024') in order_text (default:
        the text; a shorter expression with the same first characters), else the year-first
        ones. DuckDB tries a list in order and a format that fails costs about a microsecond: a
        '15/03/2024 15:30' tried after the seven year-first formats took 9.0 µs a value, 2.6-3.2 µs now
        (1M values, one thread, 2026-12-07). -#}
    {%- set day_first = [] -%}
    {%- set year_first = [] -%}
    {%- set order_text = order_text or text -%}
    {#- A list with '%n' gives nanoseconds: then both branches do (the other through try_cast, null for a
        year nanoseconds cannot hold, such as the 24 of '15/03/24', as the whole list gave before). -#}
    {%- set nanoseconds = '%n' in (formats | join(' ')) -%}
    {%- for f in formats -%}
        {%- do (day_first if f.startswith('%d') else year_first).append(f) -%}
    {%- endfor -%}
    {%- set branches = [] -%}
    {%- for group in [day_first, year_first] -%}
        {%- set parsed = 'try_strptime(' ~ text ~ ', ' ~ cdp.duckdb_format_list(group) ~ ')' -%}
        {%- do branches.append(parsed if nanoseconds == ('%n' in (group | join(' '))) else 'try_cast(' ~ parsed ~ ' as timestamp_ns)') -%}
    {%- endfor -%}
    case
        when substr({{ order_text }}, 3, 1) in ('/', '-') or substr({{ order_text }}, 2, 1) in ('/', '-')
            then {{ branches[0] }}
        else {{ branches[1] }}
    end
{%- endmacro %}

{% macro duckdb_four_digit_year(timestamp_expr) -%}
    {#- DuckDB's %Y also reads a year of one to three digits ('15/03/24 10:00' was the year 24, '24-03-15'
        too): such a value is null, as on PostgreSQL and Spark, whose formats want four digits (no
        century is guessed). The timestamp is written twice; DuckDB computes it once (3M values:
        0.45 s with the check and without). -#}
    case when year({{ timestamp_expr }}) >= 1000 then {{ timestamp_expr }} end
{%- endmacro %}

{% macro duckdb__parse_timestamp(expr) -%}
    {%- set s -%}trim(cast({{ expr }} as varchar)){%- endset -%}
    {%- set patterns = cdp.cdp_timestamp_patterns() -%}
    {%- set zone = var("source_timezone") -%}
    case
        when {{ s }} is null or {{ s }} = '' then null
        when regexp_full_match({{ s }}, '{{ patterns.epoch_milliseconds }}') then make_timestamp(cast({{ s }} as bigint) * 1000)
        when regexp_full_match({{ s }}, '{{ patterns.epoch_seconds }}') then make_timestamp(cast({{ s }} as bigint) * 1000000)
        when regexp_full_match({{ s }}, '{{ patterns.epoch_seconds_fraction }}')
            then make_timestamp(
                cast(split_part({{ s }}, '.', 1) as bigint) * 1000000 + cast(rpad(split_part({{ s }}, '.', 2), 6, '0') as bigint)
            )
        when regexp_full_match({{ s }}, '{{ patterns.spreadsheet_serial }}')
            then timezone('UTC', timezone('{{ zone }}', make_timestamp({{ cdp.cdp_spreadsheet_serial_seconds(s) }} * 1000000)))
        when regexp_full_match({{ s }}, '{{ patterns.with_offset }}')
            {#- DuckDB reads 'Z', '+07:00', '+0700' and 'UTC' right after the time; otherwise the zone's
                name becomes +00:00 and the space before an offset goes (only for the rows the plain
                cast does not read: 6M web events at 1M people carry 'Z'). #}
            then timezone('UTC', coalesce(
                try_cast({{ s }} as timestamptz),
                try_cast(regexp_replace(regexp_replace({{ s }}, ' *(Z|z|UTC|GMT)$', '+00:00'), ' +([+-])', '\1') as timestamptz)
            ))
        when regexp_full_match({{ s }}, '{{ patterns.twelve_hour }}')
            then timezone('UTC', timezone('{{ zone }}', {{ cdp.duckdb_four_digit_year(
                cdp.duckdb_try_strptime(cdp.cdp_meridiem_normalised(s), cdp.cdp_twelve_hour_timestamp_formats(), order_text=s)
            ) }}))
        else timezone('UTC', timezone('{{ zone }}', {{ cdp.duckdb_four_digit_year(
            cdp.duckdb_try_strptime(s, cdp.cdp_naive_timestamp_formats())
        ) }}))
    end
{%- endmacro %}

{% macro postgres__parse_timestamp(expr) -%}
    {#- cdp_try_timestamp() is created by the on-run-start hook cdp_create_functions(); it reads the
        offsets, the naive forms and the 12-hour clock. -#}
    {%- set s -%}trim(cast({{ expr }} as text)){%- endset -%}
    {%- set patterns = cdp.cdp_timestamp_patterns() -%}
    case
        when {{ s }} is null or {{ s }} = '' then null
        when {{ s }} ~ '{{ patterns.epoch_milliseconds }}' then to_timestamp(cast({{ s }} as bigint) / 1000.0) at time zone 'UTC'
        when {{ s }} ~ '{{ patterns.epoch_seconds }}' then to_timestamp(cast({{ s }} as bigint)) at time zone 'UTC'
        when {{ s }} ~ '{{ patterns.epoch_seconds_fraction }}'
            then to_timestamp(cast(split_part({{ s }}, '.', 1) as bigint)) at time zone 'UTC'
            + cast(rpad(split_part({{ s }}, '.', 2), 6, '0') as integer) * interval '1 microsecond'
        when {{ s }} ~ '{{ patterns.spreadsheet_serial }}'
            then to_timestamp({{ cdp.cdp_spreadsheet_serial_seconds(s) }}) at time zone 'UTC' at time zone '{{ var("source_timezone") }}' at time zone 'UTC'
        else {{ target.schema }}.cdp_try_timestamp({{ s }}, '{{ var("source_timezone") }}')
    end
{%- endmacro %}

{% macro spark__parse_timestamp(expr) -%}
    {%- set s -%}trim(cast({{ expr }} as string)){%- endset -%}
    {%- set patterns = cdp.cdp_timestamp_patterns() -%}
    {%- set zone = var("source_timezone") -%}
    {#- d, M and H read one digit or two ('2024-3-5 9:05', '5/3/2024'), as DuckDB's %d, %m and %H do. -#}
    {%- set twelve_hour -%}{{ cdp.cdp_meridiem_normalised(s) }}{%- endset -%}
    case
        when {{ s }} is null or {{ s }} = '' then null
        when {{ s }} rlike '{{ patterns.epoch_milliseconds }}' then timestamp_millis(cast({{ s }} as bigint))
        when {{ s }} rlike '{{ patterns.epoch_seconds }}' then timestamp_seconds(cast({{ s }} as bigint))
        when {{ s }} rlike '{{ patterns.epoch_seconds_fraction }}'
            then timestamp_micros(
                cast(split_part({{ s }}, '.', 1) as bigint) * 1000000 + cast(rpad(split_part({{ s }}, '.', 2), 6, '0') as bigint)
            )
        when {{ s }} rlike '{{ patterns.spreadsheet_serial }}'
            then to_utc_timestamp(timestamp_seconds({{ cdp.cdp_spreadsheet_serial_seconds(s) }}), '{{ zone }}')
        when {{ s }} rlike '{{ patterns.with_offset }}'
            {#- Spark's cast wants the seconds when a zone follows, and an upper-case Z: a time without
                them ('2024-03-15T10:00+07:00', '…10:00z') is given ':00' and read again. #}
            then to_utc_timestamp(coalesce(
                try_to_timestamp({{ s }}),
                try_to_timestamp(regexp_replace(upper({{ s }}), '([T ][0-9]{1,2}:[0-9]{2})([^0-9:]|$)', '$1:00$2'))
            ), 'UTC')
        when {{ s }} rlike '{{ patterns.twelve_hour }}'
            then to_utc_timestamp(coalesce(
                try_to_timestamp({{ twelve_hour }}, 'd/M/yyyy h:mm a'), try_to_timestamp({{ twelve_hour }}, 'd/M/yyyy h:mm:ss a'),
                try_to_timestamp({{ twelve_hour }}, 'd-M-yyyy h:mm a'), try_to_timestamp({{ twelve_hour }}, 'd-M-yyyy h:mm:ss a'),
                try_to_timestamp({{ twelve_hour }}, 'yyyy-M-d h:mm a'), try_to_timestamp({{ twelve_hour }}, 'yyyy-M-d h:mm:ss a')
            ), '{{ zone }}')
        else to_utc_timestamp(coalesce(
            try_to_timestamp({{ s }}, 'yyyy-M-d H:mm:ss'), try_to_timestamp({{ s }}, "yyyy-M-d'T'H:mm:ss"),
            try_to_timestamp({{ s }}, 'yyyy-M-d H:mm:ss.SSSSSSSSS'), try_to_timestamp({{ s }}, "yyyy-M-d'T'H:mm:ss.SSSSSSSSS"),
            try_to_timestamp({{ s }}, 'yyyy-M-d H:mm'), try_to_timestamp({{ s }}, "yyyy-M-d'T'H:mm"),
            try_to_timestamp({{ s }}, 'yyyy-M-d'), try_to_timestamp({{ s }}, 'd/M/yyyy H:mm:ss'),
            try_to_timestamp({{ s }}, 'd/M/yyyy H:mm'), try_to_timestamp({{ s }}, 'd/M/yyyy'),
            try_to_timestamp({{ s }}, 'd-M-yyyy H:mm:ss'), try_to_timestamp({{ s }}, 'd-M-yyyy H:mm'),
            try_to_timestamp({{ s }}, 'd-M-yyyy'), try_to_timestamp({{ s }}, 'yyyy/M/d')
        ), '{{ zone }}')
    end
{%- endmacro %}
