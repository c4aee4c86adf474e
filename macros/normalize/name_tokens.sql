{#- The tokens name_part() reads, as SQL expressions of a matching-form name (full_name_ascii):
    first, second, last and before_last (the token before the last one). Returns a mapping;
    contact_steps() keeps each as a column (name_first_token, ...). -#}
{% macro name_tokens(name_ascii_expr) -%}
    {{ return({
        'first': cdp.regexp_replace_all(name_ascii_expr, ' .*$', ''),
        'second': 'split_part(' ~ name_ascii_expr ~ ", ' ', 2)",
        'last': cdp.regexp_replace_all(name_ascii_expr, '^.* ', ''),
        'before_last': cdp.regexp_replace_all(cdp.regexp_replace_all(name_ascii_expr, ' [^ ]+$', ''), '^.* ', '')
    }) }}
{%- endmacro %}
