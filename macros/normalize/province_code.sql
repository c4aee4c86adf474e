{#- Canonical province code (the 34 units in force since 1 July 2025, seed vn_provinces) for any
    spelling listed in seed vn_province_aliases: current and former names, prefixes, abbreviations,
    colloquial names, with or without diacritics. Null when unknown. The alias keys are computed
    with province_key() itself, so seed and data are normalised by one rule. -#}
{% macro province_code(expr) -%}
    {{ cdp.province_code_of_key(cdp.province_key(expr)) }}
{%- endmacro %}

{#- The same, from a lookup key province_key() already computed (a column of an earlier CTE, which a
    model also reads for region_key()). -#}
{% macro province_code_of_key(lookup_key) -%}
    {{ cdp.lookup_case(lookup_key, cdp.province_alias_keys()) }}
{%- endmacro %}

{#- (alias_key, province_code) of every spelling of seed vn_province_aliases, the keys in lookup form. -#}
{% macro province_alias_keys() -%}
    {{ return(cdp.seed_rows('vn_province_aliases', [cdp.province_key('province_alias') ~ ' as alias_key', 'province_code'])) }}
{%- endmacro %}
