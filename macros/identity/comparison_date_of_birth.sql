{#- Fellegi-Sunter comparison of two dates of birth, as a level: 4 exact, 3 day and month swapped (same
    year), 2 one digit off (one edit between the 'YYYY-MM-DD' forms, or the same day and month a year
    apart: 1969 for 1970, an age counted back), 1 the same year and month, or the same year and day
    with the month one off (1992-09-24 for 1992-10-24, two edits apart as text: a month picked one
    off, or counted from 0 as JavaScript does), 0 else; null when either is missing. Only level 0 is a
    conflict: a near-equal date is weak evidence. (Any two dates at most 31 days apart, tried first,
    also joined namesakes born three weeks apart.)
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
        else 0
    end
{%- endmacro %}
