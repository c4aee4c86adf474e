{#- Every non-null value of the column is at most `max_value` (a number). Returns the rows above it. -#}
{% test at_most(model, column_name, max_value) %}

    {%- if max_value is none or max_value is boolean or (max_value | string | float(none)) is none -%}
        {{ exceptions.raise_compiler_error("at_most: pass `max_value` as a number, e.g. arguments: {max_value: 1e-12}") }}
    {%- endif %}

    select {{ column_name }}
    from {{ model }}
    where {{ column_name }} > {{ max_value }}

{% endtest %}
