{#- A case expression giving each value of `column` its weight from the {value: weight} mapping of var
    `var_name` (affinity_signal_weights, intent_event_weights) as a double; null for an unlisted value.
    Every value must be one of `allowed` and every weight a number greater than zero, else the build stops
    at compile time with a sentence saying what to fix. -#}
{% macro traits_weight_case(column, var_name, allowed) -%}
    {%- set weights = var(var_name) -%}
    {%- if weights is not mapping or weights | length == 0 -%}
        {{ exceptions.raise_compiler_error("var " ~ var_name ~ " must map values of " ~ column ~ " (" ~ allowed | join(', ') ~ ") to weights, e.g. {" ~ allowed[0] ~ ": 1}.") }}
    {%- endif -%}
    {%- for value, weight in weights.items() -%}
        {%- if value not in allowed -%}
            {{ exceptions.raise_compiler_error("var " ~ var_name ~ ": unknown " ~ column ~ " '" ~ value ~ "'; weigh only " ~ allowed | join(', ') ~ ".") }}
        {%- endif -%}
        {%- if weight is boolean or (weight | float(-1)) <= 0 -%}
            {{ exceptions.raise_compiler_error("var " ~ var_name ~ ": the weight of " ~ value ~ " is '" ~ weight ~ "'; give a number greater than zero (leave a value out to ignore it).") }}
        {%- endif -%}
    {%- endfor -%}
    case {{ column }}
    {%- for value, weight in weights.items() %} when '{{ value }}' then cast({{ weight | float }} as {{ cdp.type_double() }}){% endfor %} end
{%- endmacro %}
