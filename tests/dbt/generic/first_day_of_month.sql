{#- The column holds months as the metrics marts write them: a date on the first day of its month
    (the Vietnamese business month of cdp.local_month). Fails on every other value; nulls pass. -#}
{% test first_day_of_month(model, column_name) %}

    select {{ column_name }}
    from {{ model }}
    where {{ column_name }} <> cast({{ dbt.date_trunc('month', column_name) }} as date)

{% endtest %}
