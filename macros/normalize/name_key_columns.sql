{#- Matching keys derived from full_name_ascii (see name_part): family_name_key, given_name_key and
    name_tokens_sorted (order-free form, e.g. 'an nguyen van'). -#}
{% macro name_key_columns(name_ascii='full_name_ascii') -%}
        {{ cdp.name_part(name_ascii, 'family') }} as family_name_key,
        {{ cdp.name_part(name_ascii, 'given') }} as given_name_key,
        {{ cdp.sort_tokens(name_ascii) }} as name_tokens_sorted
{%- endmacro %}
