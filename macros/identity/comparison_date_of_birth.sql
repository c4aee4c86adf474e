{#- Fellegi-Sunter comparison of two dates of birth, as a level: 4 exact, 3 day and month swapped (same
    year), 2 one digit off (one edit between the 'YYYY-MM-DD' forms, or the same day and month a year
    apart: 1969 for 1970, an age counted back), 1 the same year and month, or the same year and day
    with the month one off (1992-09-24 for 1992-10-24, two edits apart as text: a month picked one
    off, or counted from 0 as JavaScript does), 0 else; null when either is missing. Only level 0 is a
    conflict: a near-equal date is weak evidence. (Any two dates at most 31 days apart, tried first as a
    level, also joined namesakes born three weeks apart.)
    Between level 1 and the conflict the comparison abstains (null, as if a date were missing: no
    weight, no conflict) on dates that two slips of a form could make of one: at most
    var('identity_fs_date_of_birth_abstain_days') days apart (a day and a month each typed one off, a
    swap with a typo, a year and a day off), two edits apart as text wherever the two digits are
    (1957-12-21 for 1966-12-21, 1987-02-19 for 1997-02-09: a year mistyped twice, or a year and a day
    once each), or the same day and month with the years a multiple of ten apart (a two-digit year
    with its tens digit mistyped: 97 for 07). Such a pair is judged by its other comparisons: an exact
    name and the same house join, a name alone does not (name_only_evidence).
    Takes two date expressions. -#}
{% macro comparison_date_of_birth(left_date, right_date) -%}
    case
        when {{ left_date }} is null or {{ right_date }} is null then null
        when {{ left_date }} = {{ right_date }} then 4
        when extract(year from {{ left_date }}) = extract(year from {{ right_date }})
            and extract(month from {{ left_date }}) = extract(day from {{ right_date }})
            and extract(day from {{ left_date }}) = extract(month from {{ right_date }}) then 3
        when {{ cdp.edit_distance(dbt.safe_cast(left_date, dbt.type_string()), dbt.safe_cast(right_date, dbt.type_string())) }} = 1 then 2
        when extract(month from {{ left_date }}) = extract(month from {{ right_date }})
            and extract(day from {{ left_date }}) = extract(day from {{ right_date }})
            and abs(extract(year from {{ left_date }}) - extract(year from {{ right_date }})) = 1 then 2
        when extract(year from {{ left_date }}) = extract(year from {{ right_date }})
            and (
                extract(month from {{ left_date }}) = extract(month from {{ right_date }})
                or (
                    extract(day from {{ left_date }}) = extract(day from {{ right_date }})
                    and abs(extract(month from {{ left_date }}) - extract(month from {{ right_date }})) = 1
                )
            ) then 1
        when abs({{ dbt.datediff(left_date, right_date, 'day') }}) <= {{ cdp.positive_number_var('identity_fs_date_of_birth_abstain_days') }}
            then null
        when {{ cdp.edit_distance(dbt.safe_cast(left_date, dbt.type_string()), dbt.safe_cast(right_date, dbt.type_string())) }} = 2
            then null
        when extract(month from {{ left_date }}) = extract(month from {{ right_date }})
            and extract(day from {{ left_date }}) = extract(day from {{ right_date }})
            and abs(extract(year from {{ left_date }}) - extract(year from {{ right_date }})) < 100
            and mod(cast(abs(extract(year from {{ left_date }}) - extract(year from {{ right_date }})) as {{ dbt.type_int() }}), 10) = 0
            then null
        else 0
    end
{%- endmacro %}
