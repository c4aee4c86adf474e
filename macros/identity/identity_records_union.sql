{#- One select per identity input (identity_inputs()), unioned: record_key ('<source_table>:<key>'),
    source_table, source_record_id, every attribute of identity_record_attributes() (null when the
    input does not list it), first_seen_at, last_seen_at. An aggregate input becomes one record per
    key: max() of each attribute, the earliest first_seen_at and the latest last_seen_at. The body of
    int_identity_records_unioned's `unioned` CTE. -#}
{% macro identity_records_union() -%}
    {%- for input in cdp.identity_inputs() %}
    select
        {{ dbt.concat(["'" ~ input.source_table ~ ":'", input.key]) }} as record_key,
        '{{ input.source_table }}' as source_table,
        {% if input.aggregate -%}
        min({{ input.source_record_id }}) as source_record_id,
        {%- else -%}
        {{ input.source_record_id }} as source_record_id,
        {%- endif %}
        {%- for attribute, data_type in cdp.identity_record_attributes() %}
        {% if attribute not in input.attributes -%}
        cast(null as {{ data_type }}) as {{ attribute }},
        {%- elif input.aggregate -%}
        max({{ input.attributes[attribute] }}) as {{ attribute }},
        {%- elif input.attributes[attribute] == attribute -%}
        {{ attribute }},
        {%- else -%}
        {{ input.attributes[attribute] }} as {{ attribute }},
        {%- endif -%}
        {%- endfor %}
        {% if input.aggregate -%}
        min({{ input.first_seen_at }}) as first_seen_at,
        max({{ input.last_seen_at }}) as last_seen_at
        {%- else -%}
        {{ input.first_seen_at }} as first_seen_at,
        {{ input.last_seen_at }} as last_seen_at
        {%- endif %}
    from {{ ref(input.model) }}
    where {{ input.key }} is not null{% if input.where %} and ({{ input.where }}){% endif %}
    {%- if input.aggregate %}
    group by {{ input.key }}
    {%- endif %}
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
{%- endmacro %}
