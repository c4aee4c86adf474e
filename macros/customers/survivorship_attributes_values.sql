{#- The survivorship attributes as an inline table: attribute_order (1, 2, … in
    survivorship_attributes() order), attribute, and strategies (the configured order, e.g.
    'valid_first > most_frequent > most_recent'), so every customer gets a lineage row per attribute. -#}
{% macro survivorship_attributes_values() -%}
    {%- set config = cdp.survivorship_config() -%}
    {%- for attribute in cdp.survivorship_attributes() %}
    select
        {{ loop.index }} as attribute_order,
        '{{ attribute }}' as attribute,
        '{{ config[attribute]["strategies"] | join(" > ") }}' as strategies
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
{%- endmacro %}
