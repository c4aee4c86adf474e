{#- The body of a one-row CTE with the column as_of_date: var traits_as_of_date (a Vietnamese business
    day, "YYYY-MM-DD"), or when it is empty the latest event_date of fct_customer_events. Every trait,
    affinity and intent is computed from the rows dated on or before it. -#}
{% macro customer_traits_as_of_date() -%}
    {%- set as_of = var('traits_as_of_date', '') | string | trim -%}
    {%- if as_of | length > 0 -%}
        {%- if not modules.re.match('^[0-9]{4}-[0-9]{2}-[0-9]{2}$', as_of) -%}
            {{ exceptions.raise_compiler_error("var traits_as_of_date is '" ~ as_of ~ "'; give a date as YYYY-MM-DD, or leave it empty for the latest event date.") }}
        {%- endif -%}
    select cast('{{ as_of }}' as date) as as_of_date
    {%- else -%}
    select cast(max(event_date) as date) as as_of_date from {{ ref('fct_customer_events') }}
    {%- endif -%}
{%- endmacro %}
