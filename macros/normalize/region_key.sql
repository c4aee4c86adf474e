{#- A region that no Vietnamese province list knows (a state, a county: a data set of customers abroad
    mapped into the contract), in lookup form: the province_key() of the delivered text when that key
    is none of the seed vn_province_aliases (those have a province_code) and no placeholder (seed
    blocked_identifiers, identifier_type region: 'N/A', 'unknown', 'khác'). Null otherwise. Identity
    resolution reads it where neither record knows its province (macro comparison_address). Takes
    the lookup key, a column computed once with province_key(). -#}
{% macro region_key(lookup_key) -%}
    {%- set known = cdp.province_alias_keys() | map(attribute=0) | list -%}
    {%- set blocked = cdp.seed_rows('blocked_identifiers', ['blocked_value'], "identifier_type = 'region' and match_kind = 'exact'") | map(attribute=0) | list -%}
    case
        when {{ lookup_key }} not in {{ cdp.sql_string_list((known + blocked) | unique | list) }}
            then {{ lookup_key }}
    end
{%- endmacro %}
