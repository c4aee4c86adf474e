{#- A case expression giving each value of `column` its weight from a {value: weight} mapping (var
    affinity_signal_weights, intent_event_weights) as a double; null for an unlisted value. -#}
{% macro traits_weight_case(column, weights) -%}
    {%- if weights is not mapping or weights | length == 0 -%}
        {{ exceptions.raise_compiler_error("The weights for " ~ column ~ " must map each value to a number, e.g. {product_view: 1, add_to_cart: 3}.") }}
    {%- endif -%}
    case {{ column }}
    {%- for value, weight in weights.items() %} when '{{ value }}' then cast({{ weight | float }} as {{ cdp.type_double() }}){% endfor %} end
{%- endmacro %}
