{#- The number of tokens of a matching-form name (name_ascii, name_tokens_sorted: tokens separated by
    one space): its spaces plus one. Null when the name is null. -#}
{% macro name_token_count(name) -%}
    (length({{ name }}) - length(replace({{ name }}, ' ', '')) + 1)
{%- endmacro %}
