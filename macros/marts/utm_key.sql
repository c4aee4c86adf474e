{#- The lookup key of a (utm_source, utm_medium) pair in seed utm_channel_mapping: 'source|medium',
    an absent part as the empty string ('|' for a visit without UTM tags). Compute it once in a CTE
    column and pass that column to utm_marketing_channel() and utm_platform(). -#}
{% macro utm_key(utm_source, utm_medium) -%}
    {{ dbt.concat(["coalesce(" ~ utm_source ~ ", '')", "'|'", "coalesce(" ~ utm_medium ~ ", '')"]) }}
{%- endmacro %}
