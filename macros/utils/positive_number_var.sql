{#- The value of dbt var `name`, checked at compile time to be a number greater than zero (vars given
    on the command line arrive as text: '30' is read as 30). -#}
{% macro positive_number_var(name) -%}
    {%- set value = var(name) -%}
    {%- set number = value | float(-1) if value is not none else -1 -%}
    {%- if value is boolean or number <= 0 -%}
        {{ exceptions.raise_compiler_error("var('" ~ name ~ "') must be a number greater than zero (got " ~ (value | string) ~ "): set it in dbt_project.yml or pass --vars '{" ~ name ~ ": 30}'") }}
    {%- endif -%}
    {{ return(number | int if number == (number | int) else number) }}
{%- endmacro %}
