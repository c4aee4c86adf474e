{#- Phone normalisation, step 1: the digits after the international prefix (a leading '00' dropped).
    digits: phone_digits(expr), as a column or an expression. -#}
{% macro phone_international_digits(expr, digits) -%}
    case when {{ cdp.regexp_like('trim(' ~ expr ~ ')', '^00') }} then substr({{ digits }}, 3) else {{ digits }} end
{%- endmacro %}
