{#- Ad or traffic platform of a utm_key() column (seed utm_channel_mapping): null for direct visits;
    for a pair the seed does not list, the utm_source itself. -#}
{% macro utm_platform(utm_key_column, utm_source) -%}
    {%- set pairs = [] -%}
    {%- for key, _marketing_channel, platform in cdp.utm_mapping_rows() -%}
        {%- do pairs.append((key, platform)) -%}
    {%- endfor -%}
    nullif(coalesce({{ cdp.lookup_case(utm_key_column, pairs) }}, {{ utm_source }}, ''), '')
{%- endmacro %}
