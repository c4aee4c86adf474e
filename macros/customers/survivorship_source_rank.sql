{#- An attribute's source_priority rank of a source table: 1 for its first listed source (or tier),
    2 for the next, …; unlisted sources (and attributes without source_priority) after every listed
    one. -#}
{% macro survivorship_source_rank(attribute, source_table) -%}
    {%- set entry = cdp.survivorship_config()[attribute] -%}
    {%- if entry['source_ranks'] | length == 0 -%}
        {{ entry['unlisted_rank'] }}
    {%- else -%}
    case {{ source_table }}
        {%- for source, rank in entry['source_ranks'].items() %}
        when '{{ source }}' then {{ rank }}
        {%- endfor %}
        else {{ entry['unlisted_rank'] }}
    end
    {%- endif -%}
{%- endmacro %}
