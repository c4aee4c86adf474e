{#- Phone normalisation, step 1: true when the delivered value starts with an international prefix
    ('+', '(+' or '00'). -#}
{% macro phone_is_international(expr) -%}
    ({{ cdp.regexp_like('trim(' ~ expr ~ ')', '^[(]?[+]') }} or {{ cdp.regexp_like('trim(' ~ expr ~ ')', '^00') }})
{%- endmacro %}
