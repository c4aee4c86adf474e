{#- Dates of birth, from a date parse_date() read (the base models read it in one step, date_of_birth_read,
    and judge it in the next, so the parse is written and computed once):
    - birth_date_plausible: the date kept only when plausible (from var('min_plausible_date') up to today)
      and not a placeholder date of seed blocked_identifiers (1900-01-01, 1970-01-01: defaults of old
      systems, shared by unrelated people, which would make fuzzy matching link them); impossible and
      placeholder values become null rather than a wrong person attribute;
    - birth_date_issue: why a delivered date of birth is not used, as email_issue and phone_issue say it
      for their values: unreadable_date_of_birth (no date parse_date reads, '05/03/90', '30/02/1990'),
      placeholder_date_of_birth, implausible_date_of_birth (before min_plausible_date or in the future);
      null when used or not delivered. -#}
{% macro birth_date_plausible(date_column) -%}
    case
        when {{ cdp.birth_date_in_range(date_column) }} and not {{ cdp.birth_date_is_placeholder(date_column) }}
            then {{ date_column }}
    end
{%- endmacro %}

{% macro birth_date_issue(date_column, is_missing) -%}
    case
        when {{ is_missing }} then null
        when {{ date_column }} is null then 'unreadable_date_of_birth'
        when {{ cdp.birth_date_is_placeholder(date_column) }} then 'placeholder_date_of_birth'
        when not {{ cdp.birth_date_in_range(date_column) }} then 'implausible_date_of_birth'
    end
{%- endmacro %}

{% macro birth_date_in_range(date_column) -%}
    ({{ date_column }} >= cast('{{ var("min_plausible_date") }}' as date) and {{ date_column }} <= current_date)
{%- endmacro %}

{% macro birth_date_is_placeholder(date_column) -%}
    {%- set placeholders = cdp.seed_rows('blocked_identifiers', ['blocked_value'], "identifier_type = 'date_of_birth' and match_kind = 'exact'") -%}
    {%- if placeholders %}
    ({{ date_column }} in ({% for row in placeholders %}cast('{{ row[0] }}' as date){{ ', ' if not loop.last }}{% endfor %}))
    {%- else %}
    false
    {%- endif %}
{%- endmacro %}
