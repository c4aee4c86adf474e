{#- True for a plausible E.164 number: Vietnamese mobiles (+84 then 9 digits starting 3/5/7/8/9),
    Vietnamese landlines (+84 2 then 9 digits: area code and subscriber), or a foreign number of
    8–15 digits whose country code does not start with 0. -#}
{% macro phone_is_valid(candidate) -%}
    {%- set cc = var('default_phone_country_code') -%}
    coalesce(
        case
            when left({{ candidate }}, {{ cc | length + 1 }}) = '+{{ cc }}'
                then {{ cdp.regexp_like(candidate, '^[+]' ~ cc ~ '([35789][0-9]{8}|2[0-9]{9})$') }}
            else {{ cdp.regexp_like(candidate, '^[+][1-9][0-9]{7,14}$') }}
        end,
        false
    )
{%- endmacro %}
