{#- Matching keys derived from full_name_ascii (see name_part): family_name_key, given_name_key and
    name_tokens_sorted (order-free form, e.g. 'an nguyen van'). tokens / is_family: as in name_part()
    (contact_keys() passes the columns of contact_steps()). -#}
{% macro name_key_columns(name_ascii='full_name_ascii', tokens=none, is_family=none) -%}
        {{ cdp.name_part(name_ascii, 'family', tokens=tokens, is_family=is_family) }} as family_name_key,
        {{ cdp.name_part(name_ascii, 'given', tokens=tokens, is_family=is_family) }} as given_name_key,
        {{ cdp.sort_tokens(name_ascii) }} as name_tokens_sorted
{%- endmacro %}
