{#- A date of birth: parse_date() kept only when plausible (from var('min_plausible_date') up to
    today); impossible values become null rather than a wrong person attribute. -#}
{% macro parse_birth_date(expr) -%}
    {%- set d = cdp.parse_date(expr) -%}
    case
        when {{ d }} >= cast('{{ var("min_plausible_date") }}' as date) and {{ d }} <= current_date then {{ d }}
    end
{%- endmacro %}
