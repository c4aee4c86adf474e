{#- The lookup key of a province spelling: no diacritics, lower case, prefixes 'Thành phố', 'TP.', 'T.P',
    'Tỉnh' dropped, letters and digits only ('TP. Hồ Chí Minh' -> 'hochiminh', 'Sài Gòn' -> 'saigon'). 'TP'
    is dropped with or without a space after it ('TPHCM' -> 'hcm'): no province name starts with 'tp'. -#}
{% macro province_key(expr) -%}
    {%- set words -%}
        trim({{ cdp.regexp_replace_all('lower(' ~ cdp.strip_diacritics(expr) ~ ')', '[^a-z0-9]+', ' ') }})
    {%- endset -%}
    nullif(replace({{ cdp.regexp_replace_all(words, '^(thanh pho |t p |tp ?|tinh )', '') }}, ' ', ''), '')
{%- endmacro %}
