{#- The ORDER BY list that ranks an attribute's candidates, best first: the configured strategies'
    keys in order (survivorship_strategy_keys), then the final tie-break source_table,
    source_record_id, so the winner is always the same. Nulls sort last whichever the direction. -#}
{% macro survivorship_order_by(attribute) -%}
    {%- set strategies = cdp.survivorship_config()[attribute]['strategies'] -%}
    {%- set keys = cdp.survivorship_strategy_keys() -%}
    {%- set terms = [] -%}
    {%- for strategy in strategies -%}
        {%- for column_and_direction in keys[strategy] -%}
            {%- do terms.append(column_and_direction[0] ~ ' ' ~ column_and_direction[1] ~ ' nulls last') -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- do terms.append('source_table asc') -%}
    {%- do terms.append('source_record_id asc') -%}
    {{ return(terms | join(', ')) }}
{%- endmacro %}
