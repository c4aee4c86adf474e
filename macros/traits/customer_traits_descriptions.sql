{#- {trait name: description} of the declared traits, for the customer_traits model's meta (shown by Dagster). -#}
{% macro customer_traits_descriptions(traits) -%}
    {%- set descriptions = {} -%}
    {%- for trait in traits -%}
        {%- do descriptions.update({trait.name: trait.description}) -%}
    {%- endfor -%}
    {{ return(descriptions) }}
{%- endmacro %}
