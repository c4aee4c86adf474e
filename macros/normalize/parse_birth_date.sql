{#- A date of birth: parse_date() kept only when plausible (from var('min_plausible_date') up to
    today) and not a placeholder date of seed blocked_identifiers (1900-01-01, 1970-01-01: defaults
    of old systems, shared by unrelated people, which would make fuzzy matching link them);
    impossible and placeholder values become null rather than a wrong person attribute. -#}
{% macro parse_birth_date(expr) -%}
    {%- set d = cdp.parse_date(expr) -%}
    {%- set placeholders = cdp.seed_rows('blocked_identifiers', ['blocked_value'], "identifier_type = 'date_of_birth' and match_kind = 'exact'") -%}
    case
        when {{ d }} >= cast('{{ var("min_plausible_date") }}' as date) and {{ d }} <= current_date
            {%- for row in placeholders %}
            and {{ d }} != cast('{{ row[0] }}' as date)
            {%- endfor %}
            then {{ d }}
    end
{%- endmacro %}
