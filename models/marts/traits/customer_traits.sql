{#- Contract output: one row per customer of dim_customers, one column per declared trait (var
    customer_traits, docs/traits.md), computed as of traits_as_of_date (var; default the latest event date):
    rows dated after it are ignored, windows are the last N Vietnamese business days up to and including
    it. A customer without rows gets 0 from count, sum and count_distinct and null from the others. Then
    the key affinity and intent columns (docs/traits.md "Affinity and intent"): top category, next-best
    category, intent score, retargeting list. Grain: one row per customer_id. -#}
{%- set traits = cdp.customer_traits_config() -%}
{{ config(meta={'customer_traits': cdp.customer_traits_descriptions(traits)}) }}
-- depends_on: {{ ref('fct_customer_events') }}
with

customers as (

    select customer_id from {{ ref('dim_customers') }}

),

as_of as (

    {{ cdp.customer_traits_as_of_date() }}

),

{{ cdp.customer_traits_ctes(traits) }}

declared as (

    {{ cdp.customer_traits_joined(traits, 'customers', 'as_of') }}

),

top_categories as (

    select
        customer_id,
        category as top_category,
        affinity_score as top_category_affinity
    from {{ ref('customer_category_affinity') }}
    where affinity_rank = 1

),

next_best_categories as (

    select
        customer_id,
        category as next_best_category
    from {{ ref('customer_category_affinity') }}
    where is_next_best

),

intent as (

    select
        customer_id,
        intent_score
    from {{ ref('int_customer_intent_scored') }}

),

retargeting as (

    select
        customer_id,
        count(*) as retargeting_product_count,
        {{ cdp.sorted_listagg('product_slug', "', '") }} as retargeting_products
    from {{ ref('customer_product_affinity') }}
    where is_retargeted
    group by customer_id

),

final as (

    select
        declared.*,
        top_categories.top_category,
        top_categories.top_category_affinity,
        next_best_categories.next_best_category,
        coalesce(intent.intent_score, 0) as intent_score,
        coalesce(retargeting.retargeting_product_count, 0) as retargeting_product_count,
        retargeting.retargeting_products
    from declared
    left join top_categories on declared.customer_id = top_categories.customer_id
    left join next_best_categories on declared.customer_id = next_best_categories.customer_id
    left join intent on declared.customer_id = intent.customer_id
    left join retargeting on declared.customer_id = retargeting.customer_id

)

select * from final
