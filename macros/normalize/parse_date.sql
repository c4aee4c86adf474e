{#- A calendar date (no time zone) from 'yyyy-MM-dd', 'dd/MM/yyyy', 'dd-MM-yyyy', 'dd.MM.yyyy',
    'yyyy/MM/dd' (day and month with or without a leading zero: '5/3/1990'), the ISO basic 'yyyyMMdd'
    (legacy exports: '19560920'), or the date part of a date and time ('15/3/1990 0:00', as a spreadsheet
    writes a date and time cell; an ISO timestamp); null when unreadable or impossible, and for a year
    of fewer than four digits ('05/03/90': no century is guessed). A UTC timestamp ('Z' or '+00:00') of
    17:00 or later is the next day in Vietnam (UTC+7, no daylight saving): a date picked in a Vietnamese
    form and exported as UTC, '1990-05-19T17:00:00Z', is 1990-05-20 (the local midnight it was). A
    spreadsheet's serial date (five digits, days since 1899-12-30, as Excel writes a date cell formatted
    'General' into a CSV: '33013' is 1990-05-20) is read too, and a date written with words
    (date_words_as_numbers: '15 Jan 1990', 'January 15, 1990', '15 tháng 1 năm 1990'). -#}
{% macro parse_date(expr, month_first=false) -%}
    {#- month_first: the raw table writes its numeric dates month first (macro source_month_first). -#}
    {%- if month_first %}{% set expr = cdp.month_day_swapped(expr) %}{% endif -%}
    {%- set next_day_in_vietnam -%}
        case
            when {{ cdp.regexp_like('trim(' ~ expr ~ ')', '^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ](1[7-9]|2[0-3]):[0-9]{2}(:[0-9]{2}([.][0-9]+)?)? ?(Z|[+]00(:?00)?)$') }}
                then 1
            else 0
        end
    {%- endset -%}
    {%- set text -%}trim(cast({{ expr }} as {{ dbt.type_string() }})){%- endset -%}
    {#- The date: a date written with words as 'd/M/yyyy', else the text before a space or a 'T'
        ('15/3/1990 0:00', as a spreadsheet writes a date and time cell; '1990-05-20T00:00:00+07:00'). -#}
    {%- set date_text -%}
        coalesce({{ cdp.date_words_as_numbers(text) }}, split_part(split_part({{ text }}, ' ', 1), 'T', 1))
    {%- endset -%}
    {#- Each engine's reading writes date_text once; date_plus_days writes its date once (dbt's dateadd
        writes it several times on Spark). -#}
    case
        when {{ cdp.regexp_like('trim(' ~ expr ~ ')', '^[0-9]{5}$') }}
            then {{ cdp.date_plus_days(
                "cast('1970-01-01' as date)",
                'cast(trim(' ~ expr ~ ') as integer) - ' ~ cdp.cdp_spreadsheet_day_zero_before_1970()
            ) }}
        else {{ cdp.date_plus_days(adapter.dispatch('parse_date', 'cdp')(date_text), next_day_in_vietnam) }}
    end
{%- endmacro %}

{#- date_text: the date part of the value, as text (parse_date). -#}
{% macro duckdb__parse_date(date_text) -%}
    cast({{ cdp.duckdb_four_digit_year(
        'try_strptime(' ~ date_text ~ ', ' ~ cdp.duckdb_format_list(['%Y-%m-%d', '%d/%m/%Y', '%d-%m-%Y', '%d.%m.%Y', '%Y/%m/%d', '%Y%m%d']) ~ ')'
    ) }} as date)
{%- endmacro %}

{% macro postgres__parse_date(date_text) -%}
    {#- cdp_try_timestamp reads the ISO and day-first forms; the ISO basic 'yyyyMMdd' and 'd.M.yyyy' are
        rewritten into them first, so the text is written once. -#}
    cast({{ target.schema }}.cdp_try_timestamp(
        regexp_replace(
            regexp_replace({{ date_text }}, '^([0-9]{4})([0-9]{2})([0-9]{2})$', '\1-\2-\3'),
            '^([0-9]{1,2})[.]([0-9]{1,2})[.]([0-9]{4})$', '\1/\2/\3'
        ),
        'UTC'
    ) as date)
{%- endmacro %}

{% macro spark__parse_date(date_text) -%}
    {#- The day-first forms ('d/M/yyyy', 'd-M-yyyy', 'd.M.yyyy', one separator twice), 'yyyy/M/d' and the
        ISO basic 'yyyyMMdd' rewritten as 'yyyy-M-d', then read once ('d' and 'M' read one digit or two),
        so the text is written once. -#}
    try_to_date(
        regexp_replace(
            regexp_replace(
                regexp_replace({{ date_text }}, '^([0-9]{1,2})([/.-])([0-9]{1,2})\\2([0-9]{4})$', '$4-$3-$1'),
                '^([0-9]{4})/([0-9]{1,2})/([0-9]{1,2})$', '$1-$2-$3'
            ),
            '^([0-9]{4})([0-9]{2})([0-9]{2})$', '$1-$2-$3'
        ),
        'yyyy-M-d'
    )
{%- endmacro %}

{#- A date written with words, as 'd/M/yyyy' text for parse_date, or null when the text is no such
    date. English month names and their abbreviations in the orders exports and locales write them
    ('15 Jan 1990', '15-JAN-1990', '15th of January, 1990', 'January 15, 1990', 'Jan. 15th 1990',
    '1990-Jan-15'); Vietnamese as ICU, Java and JavaScript write a date for locale vi ('15 tháng 1, 1990',
    '15 thg 1, 1990', 'ngày 15 tháng 01 năm 1990'); either after a weekday and a comma ('Monday,
    January 15, 1990', 'Thứ Hai, 15 tháng 1, 1990'). Letter case aside; the year in four digits (no
    century is guessed: '15-Jan-90' is null, as '15/01/90' is). Whether the day exists is parse_date's
    test, as for every other form ('31 Feb 1990' is null). -#}
{% macro date_words_patterns() -%}
    {#- The words of a date, for date_words_as_numbers and timestamp_words_local: the month names and
        abbreviations (month), the three letters they start with (month_stem; month_of_name reads the
        month's number from them), a day with its ordinal suffix, and the Vietnamese month words (tháng,
        thg: a number follows). -#}
    {{ return({
        'month': '(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)[.]?',
        'month_stem': '(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)',
        'day': '[0-9]{1,2}(st|nd|rd|th)?',
        'vi_month': 'th[aáÁ]ng|thg'
    }) }}
{%- endmacro %}

{% macro month_of_name(name) -%}
    {#- The number of the month a lower-case English month name or abbreviation names, by the place of its
        first three letters in the year's ('mar' is at 7: (7 + 2) / 3 = 3). -#}
    cast(({{ dbt.position('substr(' ~ name ~ ', 1, 3)', "'janfebmaraprmayjunjulaugsepoctnovdec'") }} + 2) / 3 as {{ dbt.type_int() }})
{%- endmacro %}

{% macro date_words_as_numbers(text) -%}
    {%- set w -%}lower({{ text }}){%- endset -%}
    {%- set words = cdp.date_words_patterns() -%}
    {%- set month = words.month -%}
    {%- set day = words.day -%}
    {%- set gap = '[ ,./-]*' -%}
    {#- A weekday, or any words without a digit, before a comma. -#}
    {%- set weekday = '^([^0-9,]+, *)?' -%}
    {%- set vi_month = words.vi_month -%}
    {%- set shapes = [
        weekday ~ day ~ '( of)?' ~ gap ~ month ~ gap ~ '[0-9]{4}$',
        weekday ~ month ~ gap ~ day ~ '[ ,./-]+[0-9]{4}$',
        '^[0-9]{4}' ~ gap ~ month ~ gap ~ '[0-9]{1,2}$',
        weekday ~ '(ng[aàÀ]y *)?[0-9]{1,2} *(' ~ vi_month ~ ') *[0-9]{1,2}[ ,]*(n[aăĂ]m)? *[0-9]{4}$'
    ] -%}
    {%- set month_word = cdp.regexp_extract(w, month) -%}
    case
        when {% for shape in shapes %}{{ cdp.regexp_like(w, shape) }}{{ ' or ' if not loop.last }}{% endfor %}
            then {{ dbt.concat([
                cdp.regexp_extract(w, '(^|[^0-9])([0-9]{1,2})([^0-9]|$)', 2),
                "'/'",
                "case when " ~ cdp.regexp_like(w, vi_month) ~ " then " ~ cdp.regexp_extract(w, '(' ~ vi_month ~ ') *([0-9]{1,2})', 2)
                    ~ " else cast(" ~ cdp.month_of_name(month_word) ~ " as " ~ dbt.type_string() ~ ") end",
                "'/'",
                cdp.regexp_extract(w, '([0-9]{4})')
            ]) }}
    end
{%- endmacro %}
