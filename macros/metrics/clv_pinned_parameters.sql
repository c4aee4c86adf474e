{#- The BG/NBD and Gamma-Gamma parameters pinned by var('clv_parameters'): a mapping of the seven
    positive numbers r, alpha, a, b, p, q, v (alpha in time units of var clv_time_unit_days), as
    `python -m cdp.clv fit --duckdb|--postgres` prints it; none when the var is unset or empty. Any
    other value fails at compile time with a sentence saying what to pass. -#}
{% macro clv_pinned_parameters() -%}
    {%- set names = ['r', 'alpha', 'a', 'b', 'p', 'q', 'v'] -%}
    {%- set value = var('clv_parameters', none) -%}
    {%- if value is none or value == {} or (value is string and (value | trim | lower) in ('', 'none', 'null', '{}')) -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set example = '{"clv_parameters": {"r": 0.24, "alpha": 4.41, "a": 0.79, "b": 2.43, "p": 6.25, "q": 3.74, "v": 15.44}}' -%}
    {%- if value is not mapping -%}
        {{ exceptions.raise_compiler_error("var clv_parameters must be a mapping of r, alpha, a, b, p, q, v (e.g. --vars '" ~ example ~ "'); got " ~ (value | string)) }}
    {%- endif -%}
    {%- set keys = value.keys() | list | sort -%}
    {%- if keys != names | sort -%}
        {{ exceptions.raise_compiler_error("var clv_parameters must name exactly r, alpha, a, b, p, q, v (e.g. --vars '" ~ example ~ "'); got " ~ (keys | join(', '))) }}
    {%- endif -%}
    {%- set parameters = {} -%}
    {%- for name in names -%}
        {%- set number = value[name] | float(-1) if value[name] is not none else -1 -%}
        {%- if value[name] is boolean or number <= 0 -%}
            {{ exceptions.raise_compiler_error("var clv_parameters: " ~ name ~ " must be a number greater than zero, got " ~ (value[name] | string)) }}
        {%- endif -%}
        {%- do parameters.update({name: number}) -%}
    {%- endfor -%}
    {{ return(parameters) }}
{%- endmacro %}
