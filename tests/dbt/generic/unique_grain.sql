{#- The model has at most one row per combination of the grain columns (a multi-column primary key;
    two nulls count as equal, so a grain column that may be null is still checked). Returns each
    combination found more than once with its row count. -#}
{% test unique_grain(model, columns) %}

    {%- if columns is string or columns | length == 0 -%}
        {{ exceptions.raise_compiler_error("unique_grain: pass `columns` as a list of the grain's column names, e.g. columns: [order_month, channel]") }}
    {%- endif %}

    select
        {% for column in columns -%}
            {{ column }},
        {% endfor -%}
        count(*) as rows_in_grain
    from {{ model }}
    group by
        {% for column in columns -%}
            {{ column }}{{ ',' if not loop.last }}
        {% endfor %}
    having count(*) > 1

{% endtest %}
