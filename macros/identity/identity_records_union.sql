{#- One select per identity input (identity_inputs()), unioned: record_key ('<source_table>:<key>'),
    source_table, source_record_id, every attribute of identity_record_attributes() (null when the
    input does not list it), first_seen_at, last_seen_at. An aggregate input becomes one record per
    key: max() of each attribute, the earliest first_seen_at and the latest last_seen_at; but an
    attribute of `paired` comes from the rows that carry the chosen value of its partner (macro
    max_by_paired): the email as typed is that of the largest email match key, not the largest of
    any event (a web visitor whose events carried noreply@gmail.com, blanked as a placeholder in its
    match key, and nguyentrung86@gmail.com became the record noreply@gmail.com /
    nguyentrung86@gmail.com, and survivorship built its email from the first's local part). Name and
    address attributes, which come in groups, are refused on an aggregate input (identity_inputs()).
    The body of int_identity_records_unioned's `unioned` CTE. -#}
{% macro identity_records_union() -%}
    {%- set paired = {'email': 'email_match_key'} -%}
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
        {%- elif input.aggregate and paired.get(attribute) in input.attributes -%}
        {{ cdp.max_by_paired(input.attributes[attribute], input.attributes[paired[attribute]]) }} as {{ attribute }},
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
