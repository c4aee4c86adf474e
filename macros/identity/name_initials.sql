{#- The initials of a matching-form name, one letter per token, in the name's order, without spaces
    ('an nguyen van' -> 'anv'). On name_tokens_sorted (tokens sorted) the initials are order-free: the
    sort keeps tokens with different first letters in first-letter order. -#}
{% macro name_initials(expr) -%}
    {{ cdp.regexp_replace_all(cdp.regexp_replace_all(expr, '([a-z])[a-z]*', '\\1'), ' ', '') }}
{%- endmacro %}
