{#- Rows of seed utm_channel_mapping as (utm_key, marketing_channel, platform), with the key built as
    utm_key() builds it and an absent platform as the empty string. -#}
{% macro utm_mapping_rows() -%}
    {%- set rows = [] -%}
    {%- for utm_source, utm_medium, marketing_channel, platform in cdp.seed_rows(
        'utm_channel_mapping', ['utm_source', 'utm_medium', 'marketing_channel', 'platform']) -%}
        {%- do rows.append(((utm_source or '') ~ '|' ~ (utm_medium or ''), marketing_channel, platform or '')) -%}
    {%- endfor -%}
    {{ return(rows) }}
{%- endmacro %}
