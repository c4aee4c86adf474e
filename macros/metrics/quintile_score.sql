{#- The RFM score (1-5) of a customer from their rank among `population` customers, ranked worst
    first with rank() (ties share the lowest rank of their group): 1 + floor(5 x (rank - 1) /
    population). The worst fifth of ranks scores 1, the best fifth 5; customers with equal values
    always get the same score, so a score can hold more than a fifth of the customers (most
    customers with one order share the lowest frequency score). -#}
{% macro quintile_score(rank_expr, population_expr) -%}
    (cast(floor(5.0 * ({{ rank_expr }} - 1) / {{ population_expr }}) as integer) + 1)
{%- endmacro %}
