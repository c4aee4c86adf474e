{#- The select of customer_traits' final CTE: every customer of `customers` with the as-of date and one
    column per trait from its trait_<name> CTE (customer_traits_ctes), the aggregation's empty value
    (0 for count, sum, count_distinct) for a customer without rows, else null. -#}
{% macro customer_traits_joined(traits, customers, as_of) -%}
    {%- set aggregations = cdp.customer_trait_aggregations() -%}
    select
        {{ customers }}.customer_id,
        {{ as_of }}.as_of_date as traits_as_of_date
        {%- for trait in traits %}
        {%- set empty = aggregations[trait.aggregation].empty %},
        {% if empty is not none -%}
        coalesce(trait_{{ trait.name }}.trait_value, {{ empty }}) as {{ trait.name }}
        {%- else -%}
        trait_{{ trait.name }}.trait_value as {{ trait.name }}
        {%- endif %}
        {%- endfor %}
    from {{ customers }}
    cross join {{ as_of }}
    {%- for trait in traits %}
    left join trait_{{ trait.name }}
        on {{ customers }}.customer_id = trait_{{ trait.name }}.customer_id
    {%- endfor %}
{%- endmacro %}
