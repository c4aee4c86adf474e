{#- The documented columns (YAML) of a trait source model, from the graph (empty while parsing). -#}
{% macro customer_trait_source_columns(source) -%}
    {%- set columns = [] -%}
    {%- for node in graph.nodes.values() -%}
        {%- if node.resource_type == 'model' and node.name == source and node.package_name == 'cdp' -%}
            {%- for column in node.columns -%}
                {%- do columns.append(column) -%}
            {%- endfor -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(columns) }}
{%- endmacro %}
