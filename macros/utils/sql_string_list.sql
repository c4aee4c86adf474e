{#- A SQL list literal ('a', 'b') from Python strings; ('') when empty so "in" stays valid SQL. -#}
{% macro sql_string_list(values) -%}
    {%- if values | length == 0 -%}
        ('')
    {%- else -%}
        ({%- for value in values %}'{{ value | replace("'", "''") }}'{{ ", " if not loop.last }}{% endfor -%})
    {%- endif -%}
{%- endmacro %}
