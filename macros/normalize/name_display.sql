{#- A person's name for display: whitespace collapsed, proper case, diacritics kept ('NGUYỄN  văn an'
    -> 'Nguyễn Văn An'). -#}
{% macro name_display(expr) -%}
    {{ cdp.proper_case(cdp.clean_text(expr)) }}
{%- endmacro %}
