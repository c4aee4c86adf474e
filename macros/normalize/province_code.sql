{#- Canonical province code (the 34 units in force since 1 July 2025, seed vn_provinces) for any
    spelling listed in seed vn_province_aliases: current and former names, prefixes, abbreviations,
    colloquial names, with or without diacritics. Null when unknown. The alias keys are computed
    with province_key() itself, so seed and data are normalised by one rule. -#}
{% macro province_code(expr) -%}
    {%- set pairs = cdp.seed_rows('vn_province_aliases', [cdp.province_key('province_alias') ~ ' as alias_key', 'province_code']) -%}
    {{ cdp.lookup_case(cdp.province_key(expr), pairs) }}
{%- endmacro %}
