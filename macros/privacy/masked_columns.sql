{#- The columns of `relation` except `personal_columns`, each prefixed by `alias` and followed by a comma:
    a masked mart keeps every other column of its source (new ones included) and adds its masked forms. -#}
{% macro masked_columns(relation, alias, personal_columns) -%}
    {%- if execute -%}
        {%- for column in adapter.get_columns_in_relation(relation) if column.name | lower not in personal_columns %}
        {{ alias }}.{{ column.quoted if column.name != column.name | lower else column.name }},
        {%- endfor -%}
    {%- endif -%}
{%- endmacro %}
