{#- Marketing channel of a utm_key() column (seed utm_channel_mapping): 'direct' without UTM tags,
    'other' for a pair the seed does not list (add the pair to the seed to classify it). -#}
{% macro utm_marketing_channel(utm_key_column) -%}
    {%- set pairs = [] -%}
    {%- for key, marketing_channel, _platform in cdp.utm_mapping_rows() -%}
        {%- do pairs.append((key, marketing_channel)) -%}
    {%- endfor -%}
    coalesce({{ cdp.lookup_case(utm_key_column, pairs) }}, 'other')
{%- endmacro %}
