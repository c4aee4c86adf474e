{#- The aggregations a declared trait may use (var customer_traits): name -> {needs_column, value when the
    customer has no row in the window (a SQL literal, or none for null), ranked (picks one row's value)}. -#}
{% macro customer_trait_aggregations() -%}
    {{ return({
        'count': {'needs_column': false, 'empty': '0', 'ranked': false},
        'sum': {'needs_column': true, 'empty': '0', 'ranked': false},
        'avg': {'needs_column': true, 'empty': none, 'ranked': false},
        'min': {'needs_column': true, 'empty': none, 'ranked': false},
        'max': {'needs_column': true, 'empty': none, 'ranked': false},
        'count_distinct': {'needs_column': true, 'empty': '0', 'ranked': false},
        'recency_days': {'needs_column': false, 'empty': none, 'ranked': false},
        'first_value': {'needs_column': true, 'empty': none, 'ranked': true},
        'last_value': {'needs_column': true, 'empty': none, 'ranked': true},
        'most_frequent': {'needs_column': true, 'empty': none, 'ranked': true},
    }) }}
{%- endmacro %}
