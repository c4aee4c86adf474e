{#- The matching form of a name: lower case, no diacritics (Đ/đ -> d), letters and single spaces only
    ('Nguyễn V. Ân' -> 'nguyen v an'). Null when nothing is left. -#}
{% macro name_ascii(expr) -%}
    {%- set folded -%}lower({{ cdp.strip_diacritics(expr) }}){%- endset -%}
    nullif(trim({{ cdp.regexp_replace_all(cdp.regexp_replace_all(folded, '[^a-z]+', ' '), ' +', ' ') }}), '')
{%- endmacro %}
