{#- The CTEs of customer_traits between `as_of` and `final`, each followed by a comma: per trait source,
    <source>_rows (its rows with a customer and a timestamp) and <source>_dated (those on or before the as-of
    date, with trait_occurred_at and trait_days_ago: Vietnamese days from the row's local date to the as-of
    date); per trait, trait_<name> (customer_trait_aggregate). -#}
{% macro customer_traits_ctes(traits) -%}
    {%- set sources = [] -%}
    {%- for trait in traits -%}
        {%- if trait.source not in sources -%}{%- do sources.append(trait.source) -%}{%- endif -%}
    {%- endfor -%}
    {%- for source in sources %}
    {%- set occurred_at = (traits | selectattr('source', 'equalto', source) | first).occurred_at %}
    {%- set local_date = cdp.local_date(source ~ '_rows.' ~ occurred_at) %}
{{ source }}_rows as (
    select * from {{ ref(source) }}
    where customer_id is not null and {{ occurred_at }} is not null
),

{{ source }}_dated as (
    select
        {{ source }}_rows.*,
        {{ source }}_rows.{{ occurred_at }} as trait_occurred_at,
        {{ dbt.datediff(local_date, 'as_of.as_of_date', 'day') }} as trait_days_ago
    from {{ source }}_rows
    cross join as_of
    where {{ local_date }} <= as_of.as_of_date
),
{% endfor %}
    {%- for trait in traits %}
trait_{{ trait.name }} as (
    {{ cdp.customer_trait_aggregate(trait, trait.source ~ '_dated') }}
),
{% endfor %}
{%- endmacro %}
