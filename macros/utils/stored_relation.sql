{#- The table a model of this project left in the warehouse, read without ref() where ref() would make
    a cycle: int_customer_ids_assigned reads the ids that int_customer_id_history, downstream of it,
    recorded in the builds before. None while that model has never been built (and while parsing). -#}
{% macro stored_relation(model_name) -%}
    {%- if not execute -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set nodes = graph.nodes.values()
        | selectattr('resource_type', 'equalto', 'model')
        | selectattr('package_name', 'equalto', project_name)
        | selectattr('name', 'equalto', model_name)
        | list -%}
    {%- if nodes | length != 1 -%}
        {{ exceptions.raise_compiler_error("stored_relation: no model named '" ~ model_name ~ "' in " ~ project_name) }}
    {%- endif -%}
    {{ return(adapter.get_relation(database=nodes[0].database, schema=nodes[0].schema, identifier=nodes[0].alias)) }}
{%- endmacro %}
