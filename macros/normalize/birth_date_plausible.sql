{#- A date of birth, from a date parse_date() read: kept only when plausible (from var('min_plausible_date')
    up to today) and not a placeholder date of seed blocked_identifiers (1900-01-01, 1970-01-01:
    defaults of old systems, shared by unrelated people, which would make fuzzy matching link them);
    impossible and placeholder values become null rather than a wrong person attribute. The base models
    read the date in one step and judge it in the next (date_of_birth_read, then date_of_birth), so the
    parse is written and computed once. -#}
{% macro birth_date_plausible(date_column) -%}
    {%- set placeholders = cdp.seed_rows('blocked_identifiers', ['blocked_value'], "identifier_type = 'date_of_birth' and match_kind = 'exact'") -%}
    case
        when {{ date_column }} >= cast('{{ var("min_plausible_date") }}' as date) and {{ date_column }} <= current_date
            {%- for row in placeholders %}
            and {{ date_column }} != cast('{{ row[0] }}' as date)
            {%- endfor %}
            then {{ date_column }}
    end
{%- endmacro %}
