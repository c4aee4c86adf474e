{#- One select per (identity input, declared identifier), unioned: record_key, identifier_type,
    identifier_value, for every non-null value of the records identity_records_union() yields (the
    input's `where` and the identifier's own). An aggregate input's identifiers are distinct per
    record (one anonymous id carries the same device on many events). The body of
    int_identity_identifiers_unioned's `unioned` CTE. -#}
{% macro identity_identifiers_union() -%}
    {%- set selects = [] -%}
    {%- for input in cdp.identity_inputs() if input.identifiers | length > 0 -%}
        {%- set branches = [] -%}
        {%- for identifier in input.identifiers -%}
            {%- set branch %}
    select
        {{ dbt.concat(["'" ~ input.source_table ~ ":'", input.key]) }} as record_key,
        '{{ identifier.type }}' as identifier_type,
        {{ identifier.value }} as identifier_value
    from {{ ref(input.model) }}
    where
        {{ input.key }} is not null
        {%- if input.where %}
        and ({{ input.where }})
        {%- endif %}
        and ({{ identifier.value }}) is not null
        {%- if identifier.where %}
        and ({{ identifier.where }})
        {%- endif %}
            {%- endset -%}
            {%- do branches.append(branch) -%}
        {%- endfor -%}
        {%- if input.aggregate -%}
            {%- set query %}
    select distinct
        record_key,
        identifier_type,
        identifier_value
    from (
    {{ branches | join('\n    union all\n') }}
    ) as {{ input.source_table }}_identifiers
            {%- endset -%}
            {%- do selects.append(query) -%}
        {%- else -%}
            {%- do selects.extend(branches) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ selects | join('\n    union all\n') }}
{%- endmacro %}
