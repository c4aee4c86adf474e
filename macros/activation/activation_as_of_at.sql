{#- The as-of time of the audiences, a SQL expression over the column latest_event_at (the latest
    occurred_at of fct_customer_events): the end of var activation_as_of_date (UTC) when it is set,
    else latest_event_at itself. -#}
{% macro activation_as_of_at() -%}
    {%- set as_of_date = var('activation_as_of_date', '') | string | trim -%}
    {%- if as_of_date == '' -%}
        latest_event_at
    {%- elif not modules.re.match('^[0-9]{4}-[0-9]{2}-[0-9]{2}$', as_of_date) -%}
        {{ exceptions.raise_compiler_error("var activation_as_of_date is '" ~ as_of_date ~ "'; write a date as 'YYYY-MM-DD', or leave it empty for the latest event.") }}
    {%- else -%}
        cast({{ dbt.dateadd('day', 1, "cast('" ~ as_of_date ~ "' as date)") }} as {{ dbt.type_timestamp() }})
    {%- endif -%}
{%- endmacro %}
