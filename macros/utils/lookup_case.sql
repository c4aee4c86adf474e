{#- CASE expression mapping keys to values, e.g. from seed_rows(); null when nothing matches. -#}
{% macro lookup_case(expr, pairs, value_is_number=false) -%}
    {%- if pairs | length == 0 -%}
        cast(null as {{ dbt.type_numeric() if value_is_number else dbt.type_string() }})
    {%- else -%}
        case ({{ expr }})
        {%- for key, value in pairs %}
            when '{{ key | replace("'", "''") }}' then {{ value if value_is_number else "'" ~ (value | replace("'", "''")) ~ "'" }}
        {%- endfor %}
        end
    {%- endif -%}
{%- endmacro %}
