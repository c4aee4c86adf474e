{#- The columns customer_traits takes from the affinity and intent models (not declared traits): a
    declared trait may not take these names. -#}
{% macro customer_traits_affinity_columns() -%}
    {{ return(['top_category', 'top_category_affinity', 'next_best_category', 'intent_score',
               'retargeting_product_count', 'retargeting_products']) }}
{%- endmacro %}
