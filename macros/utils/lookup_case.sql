{#- CASE expression mapping keys to values, e.g. from seed_rows(); null when nothing matches. -#}
{% macro lookup_case(expr, pairs, value_is_number=false) -%}
    {{ return(adapter.dispatch('lookup_case', 'cdp')(expr, pairs, value_is_number)) }}
{%- endmacro %}

{% macro default__lookup_case(expr, pairs, value_is_number=false) -%}
    {%- if pairs | length == 0 -%}
        cast(null as {{ dbt.type_numeric() if value_is_number else dbt.type_string() }})
    {%- else -%}
        {#- A repeated key is written once: the first pair wins, as it would in the CASE (seed
            vn_province_aliases repeats keys: spellings with and without diacritics share one). -#}
        {%- set seen = [] -%}
        case ({{ expr }})
        {%- for key, value in pairs if key not in seen %}
            {%- do seen.append(key) %}
            when '{{ key | replace("'", "''") }}' then {{ value if value_is_number else "'" ~ (value | replace("'", "''")) ~ "'" }}
        {%- endfor %}
        end
    {%- endif -%}
{%- endmacro %}

{% macro spark__lookup_case(expr, pairs, value_is_number=false) -%}
    {#- A map literal, not a CASE: Spark copies the compared expression into every WHEN branch, and
        with long lookups (163 province aliases, each comparing a chain of regexes) planning alone took
        seconds per model. The first pair of a repeated key wins, as in a CASE. Spark string literals
        escape quotes with a backslash. -#}
    {%- if pairs | length == 0 -%}
        cast(null as {{ dbt.type_numeric() if value_is_number else dbt.type_string() }})
    {%- else -%}
        {%- set seen = [] -%}
        {%- set entries = [] -%}
        {%- for key, value in pairs if key is not none and key not in seen -%}
            {%- do seen.append(key) -%}
            {%- do entries.append("'" ~ (key | replace("\\", "\\\\") | replace("'", "\\'")) ~ "', "
                ~ (value if value_is_number else "'" ~ (value | replace("\\", "\\\\") | replace("'", "\\'")) ~ "'")) -%}
        {%- endfor -%}
        element_at(map({{ entries | join(', ') }}), {{ expr }})
    {%- endif -%}
{%- endmacro %}
