{#- A date and time that parse_timestamp's formats do not read, written with words or the time first, as
    English-language tools, e-mail and JavaScript write them, and Vietnamese apps and locale vi:
    - 'Fri, 15 Mar 2024 08:30:00 +0000', '15 Mar 2024 08:30:00 GMT' (RFC 2822: e-mail headers, HTTP,
      many APIs' CSV exports);
    - 'Mar 15, 2024 3:30 PM', 'March 15, 2024 at 3:30 PM', '15 March 2024, 15:30' (spreadsheets and
      dashboards set to English);
    - 'Fri Mar 15 2024 15:30:00 GMT+0700 (Indochina Time)' (JavaScript's Date.toString());
    - '15 tháng 3, 2024 15:30', 'Thứ Sáu, 15 tháng 3, 2024 lúc 15:30', '15:30:00 15 thg 3, 2024';
    - the time first, as JavaScript's toLocaleString('vi-VN') and Vietnamese apps write it:
      '15:30:00 15/3/2024', '15:30, 15/03/2024', '15:30 ngày 15/03/2024';
    - a day-first date with an offset: '15/03/2024 15:30 +07:00'.
    The month names and Vietnamese month words are date_words_as_numbers' (one list); the year in four
    digits; the time optional (local midnight), the 12-hour clock (AM/PM, SA/CH: 1-12, else null);
    seconds' fractions are dropped. A zone after the time ('+0700', '+07:00', 'GMT', 'UTC', 'Z',
    'GMT+0700'; a zone's name in brackets after it is read as a comment) is the value's; without one the
    time is local in var source_timezone, as every naive time. Anything else is null, and so is a date or
    time that does not exist (parse_timestamp_parts). parse_timestamp calls it only for the values its
    formats left null, so the values they read cost nothing more.
    timestamp_words_local: the local date and time as 'yyyy-MM-dd H:mm:ss', or null.
    timestamp_words_offset: the zone after the time without its letters ('+0700', '-05:00'; '+00:00' for
    GMT, UTC or Z alone), or null. -#}
{% macro timestamp_words_patterns() -%}
    {#- One shape for every form: a time first or not, a weekday or 'ngày' (any words without a digit),
        the date, a time after it with its zone. The month names are date_words_as_numbers' (a misspelt
        one is no month there either). -#}
    {%- set words = cdp.date_words_patterns() -%}
    {%- set month = words.month -%}
    {%- set year = '[0-9]{4}' -%}
    {%- set dates = [
        words.day ~ '( of)?[ ./-]*' ~ month ~ '[ ,./-]*' ~ year,
        month ~ '[ ,./-]*' ~ words.day ~ '[ ,./-]+' ~ year,
        year ~ '[ ./-]*' ~ month ~ '[ ./-]*[0-9]{1,2}',
        '[0-9]{1,2} *(' ~ words.vi_month ~ ') *[0-9]{1,2}[ ,]*(n[aăĂ]m)? *' ~ year,
        '[0-9]{1,2}[/.-][0-9]{1,2}[/.-]' ~ year
    ] -%}
    {%- set clock = '[0-9]{1,2}:[0-9]{2}(:[0-9]{2})?([.][0-9]+)?( *(am|pm|sa|ch))?' -%}
    {#- zone_group: the zone's outer group in 'zone', after the clock's four. -#}
    {%- set zone = '(( *(gmt|utc|z))?( *[+-][0-9]{2}:?[0-9]{2})?)' -%}
    {{ return({
        'whole': '^(' ~ clock ~ '[ ,]+)?([^0-9,]+,? +)?(' ~ (dates | join('|')) ~ ')([ ,]+((at|l[uúÚ]c|v[aàÀ]o l[uúÚ]c) +)?' ~ clock ~ zone ~ '( *[(][^)]*[)])?)?$',
        'zone': clock ~ zone,
        'zone_group': 5
    }) }}
{%- endmacro %}

{% macro timestamp_words_local(expr) -%}
    {%- set w -%}lower(trim(cast({{ expr }} as {{ dbt.type_string() }}))){%- endset -%}
    {%- set words = cdp.date_words_patterns() -%}
    {%- set month_word = cdp.regexp_extract(w, '(^|[^a-z])' ~ words.month_stem, 2) -%}
    {%- set hour -%}cast({{ cdp.regexp_extract(w, '(^|[^0-9])([0-9]{1,2}):[0-9]{2}', 2) }} as {{ dbt.type_int() }}){%- endset -%}
    {%- set meridiem = cdp.regexp_extract(w, '[0-9]:[0-9]{2}(:[0-9]{2})?([.][0-9]+)? *(am|pm|sa|ch)', 3) -%}
    {#- The month: a name's number, a Vietnamese month word's number, or the second number of a day-first
        date. The day: the first number of one or two digits that is no part of the time or of a zone
        (before the month in every shape but the month-first ones, which write no other number before
        it). The hour on the 12-hour clock: 1-12 (12 AM is 0, 12 PM 12), else null. -#}
    case
        when {{ cdp.regexp_like(w, cdp.timestamp_words_patterns().whole) }}
            then {{ dbt.concat([
                cdp.regexp_extract(w, '(^|[^0-9])([0-9]{4})([^0-9]|$)', 2),
                "'-'",
                "lpad(coalesce("
                    ~ "cast(" ~ cdp.month_of_name(month_word) ~ " as " ~ dbt.type_string() ~ "), "
                    ~ cdp.regexp_extract(w, '(' ~ words.vi_month ~ ') *([0-9]{1,2})', 2) ~ ", "
                    ~ cdp.regexp_extract(w, '[0-9]{1,2}[/.-]([0-9]{1,2})[/.-][0-9]{4}', 1)
                ~ "), 2, '0')",
                "'-'",
                "lpad(" ~ cdp.regexp_extract(w, '(^|[^0-9:+])([0-9]{1,2})([^0-9:]|$)', 2) ~ ", 2, '0')",
                "' '",
                "coalesce(" ~ dbt.concat([
                    "cast(case when " ~ meridiem ~ " is null then " ~ hour
                        ~ " when " ~ hour ~ " between 1 and 12 then " ~ hour ~ " % 12"
                        ~ " + case when " ~ meridiem ~ " in ('pm', 'ch') then 12 else 0 end end as " ~ dbt.type_string() ~ ")",
                    "':'",
                    cdp.regexp_extract(w, '[0-9]:([0-9]{2})', 1),
                    "':'",
                    "coalesce(" ~ cdp.regexp_extract(w, '[0-9]:[0-9]{2}:([0-9]{2})', 1) ~ ", '00')"
                ]) ~ ", case when " ~ hour ~ " is null then '0:00:00' end)"
            ]) }}
    end
{%- endmacro %}

{% macro timestamp_words_offset(expr) -%}
    {#- The zone written after the time, its letters and spaces dropped ('+0700', '-05:00'); '+00:00'
        for GMT, UTC or Z alone; null when none is written. -#}
    {%- set w -%}lower(trim(cast({{ expr }} as {{ dbt.type_string() }}))){%- endset -%}
    {%- set patterns = cdp.timestamp_words_patterns() -%}
    {%- set zone = cdp.regexp_extract(w, patterns.zone, patterns.zone_group) -%}
    case
        when {{ zone }} is not null then coalesce(nullif({{ cdp.regexp_replace_all(zone, '[^0-9:+-]', '') }}, ''), '+00:00')
    end
{%- endmacro %}

{#- The UTC timestamp of a date and time written with words or the time first, or null. Inside a `case`
    branch: DuckDB's optimiser computes an expression written more than once in a select list once for
    every row, before the coalesce() that would read it for a few (the words' lower-cased text and the
    zone's regexp_extract() ran on every timestamp), but not out of a `then` branch. Measured on the
    12.3M raw web events at 1M people (2 threads, the parse alone): 8.3 CPU s without the words, 17.6
    with them written plainly, 27.2 in a lambda (list_transform runs for whole vectors), 11.0 so. -#}
{% macro timestamp_words_utc(expr) -%}
    case
        when {{ expr }} is not null
            then {{ cdp.parse_timestamp_parts(cdp.timestamp_words_local(expr), cdp.timestamp_words_offset(expr)) }}
    end
{%- endmacro %}

{#- A UTC timestamp from timestamp_words_local's text and timestamp_words_offset's zone: the time in that
    zone, else local in var source_timezone. Null when the date or the time does not exist ('2024-02-30',
    '25:10'). -#}
{% macro parse_timestamp_parts(local_text, offset) -%}
    {{ return(adapter.dispatch('parse_timestamp_parts', 'cdp')(local_text, offset)) }}
{%- endmacro %}

{% macro duckdb__parse_timestamp_parts(local_text, offset) -%}
    {#- ICU reads 'GMT+07:00' as the offset it names (a POSIX zone would invert the sign). -#}
    timezone('UTC', timezone(coalesce('GMT' || {{ offset }}, '{{ var("source_timezone") }}'), try_strptime({{ local_text }}, '%Y-%m-%d %H:%M:%S')))
{%- endmacro %}

{% macro postgres__parse_timestamp_parts(local_text, offset) -%}
    {{ target.schema }}.cdp_try_timestamp({{ local_text }} || coalesce({{ offset }}, ''), '{{ var("source_timezone") }}')
{%- endmacro %}

{% macro spark__parse_timestamp_parts(local_text, offset) -%}
    to_utc_timestamp(try_to_timestamp({{ local_text }}, 'yyyy-MM-dd H:mm:ss'), coalesce('GMT' || {{ offset }}, '{{ var("source_timezone") }}'))
{%- endmacro %}
