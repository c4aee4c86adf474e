{#- The reference date of the customer metrics as set by var('clv_calibration_end_date'): the text
    'YYYY-MM-DD', or none when the var is unset or empty (the metrics then use the last completed
    order date). customer_rfm (recency, churn) reads it; a value that is not a date written
    YYYY-MM-DD fails at compile time. -#}
{% macro calibration_end_date() -%}
    {%- set value = var('clv_calibration_end_date', none) -%}
    {%- if value is none or (value | string | trim | lower) in ('', 'none', 'null') -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set text = value | string | trim -%}
    {%- if not modules.re.match('^\d{4}-\d{2}-\d{2}$', text) -%}
        {{ exceptions.raise_compiler_error("var clv_calibration_end_date must be a date written YYYY-MM-DD (e.g. 1997-09-30), or empty for the last order date; got '" ~ text ~ "'") }}
    {%- endif -%}
    {{ return(text) }}
{%- endmacro %}
