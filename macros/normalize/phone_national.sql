{#- Phone normalisation, step 2: the Vietnamese national number (without trunk '0') of a phone value,
    or null for an empty or foreign international number. Reads the step 1 results (columns or
    expressions): digits = phone_digits(), is_international = phone_is_international(),
    international_digits = phone_international_digits().
    - '+84…' / '0084…': the digits after the country code, a stray trunk '0' dropped;
    - '84…' of 11–12 digits: the digits after the country code;
    - '0…': the digits after the trunk '0'; anything else (9 bare digits …) as it is. -#}
{% macro phone_national(digits, is_international, international_digits) -%}
    {%- set cc = var('default_phone_country_code') -%}
    case
        when {{ digits }} = '' then null
        when {{ is_international }} and left({{ international_digits }}, {{ cc | length }}) = '{{ cc }}'
            then {{ cdp.regexp_replace_all('substr(' ~ international_digits ~ ', ' ~ (cc | length + 1) ~ ')', '^0', '') }}
        when {{ is_international }} then null
        when left({{ digits }}, {{ cc | length }}) = '{{ cc }}' and length({{ digits }}) in (11, 12)
            then substr({{ digits }}, {{ cc | length + 1 }})
        when left({{ digits }}, 1) = '0' then substr({{ digits }}, 2)
        when length({{ digits }}) = 9 and {{ cdp.regexp_like(digits, '^[35789]') }} then {{ digits }}
        else {{ digits }}
    end
{%- endmacro %}
