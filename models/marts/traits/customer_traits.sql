{#- Contract output: one row per customer of dim_customers, one column per declared trait (var
    customer_traits, docs/traits.md), computed as of traits_as_of_date (var; default the latest event date):
    rows dated after it are ignored, windows are the last N Vietnamese business days up to and including
    it. A customer without rows gets 0 from count, sum and count_distinct and null from the others.
    Grain: one row per customer_id. -#}
{%- set traits = cdp.customer_traits_config() -%}
{{ config(meta={'customer_traits': traits | map(attribute='name') | list}) }}
-- depends_on: {{ ref('fct_customer_events') }}
with

customers as (

    select customer_id from {{ ref('dim_customers') }}

),

as_of as (

    {{ cdp.customer_traits_as_of_date() }}

),

{{ cdp.customer_traits_ctes(traits) }}

final as (

    {{ cdp.customer_traits_joined(traits, 'customers', 'as_of') }}

)

select * from final
