{#- First step of phone normalisation: the number as '+<country code><national number>' or null.
    - keeps digits only, remembering an international prefix ('+' or '00');
    - Vietnamese numbers: '+84…', '84…' (11–12 digits), '0…' or 9 bare digits starting 3/5/7/8/9;
      a stray trunk '0' after +84 is dropped;
    - pre-2018 11-digit mobiles (01xx xxx xxxx) take today's prefix from seed vn_mobile_prefix_changes;
    - other '+' / '00' numbers keep their own country code.
    Validity is judged by phone_e164(), reasons by phone_issue(); both take this candidate as a
    column computed in an earlier CTE, which keeps the compiled SQL small. -#}
{% macro phone_candidate(expr) -%}
    {%- set cc = var('default_phone_country_code') -%}
    {%- set prefixes = cdp.seed_rows('vn_mobile_prefix_changes', ['old_prefix', 'new_prefix']) -%}
    {%- set raw -%}trim({{ expr }}){%- endset -%}
    {%- set digits -%}{{ cdp.regexp_replace_all(expr, '[^0-9]', '') }}{%- endset -%}
    {%- set is_international -%}
        ({{ cdp.regexp_like(raw, '^[(]?[+]') }} or {{ cdp.regexp_like(raw, '^00') }})
    {%- endset -%}
    {%- set intl_digits -%}
        case when {{ cdp.regexp_like(raw, '^00') }} then substr({{ digits }}, 3) else {{ digits }} end
    {%- endset -%}
    {%- set national -%}
        case
            when {{ digits }} = '' then null
            when {{ is_international }} and left({{ intl_digits }}, {{ cc | length }}) = '{{ cc }}'
                then {{ cdp.regexp_replace_all('substr(' ~ intl_digits ~ ', ' ~ (cc | length + 1) ~ ')', '^0', '') }}
            when {{ is_international }} then null
            when left({{ digits }}, {{ cc | length }}) = '{{ cc }}' and length({{ digits }}) in (11, 12)
                then substr({{ digits }}, {{ cc | length + 1 }})
            when left({{ digits }}, 1) = '0' then substr({{ digits }}, 2)
            when length({{ digits }}) = 9 and {{ cdp.regexp_like(digits, '^[35789]') }} then {{ digits }}
            else {{ digits }}
        end
    {%- endset -%}
    {%- set new_prefix -%}{{ cdp.lookup_case("'0' || left(" ~ national ~ ", 3)", prefixes) }}{%- endset -%}
    {%- set modern_national -%}
        case
            when length({{ national }}) = 10 and left({{ national }}, 1) = '1' and {{ new_prefix }} is not null
                then substr({{ new_prefix }}, 2) || substr({{ national }}, 4)
            else {{ national }}
        end
    {%- endset -%}
    case
        when {{ digits }} is null or {{ digits }} = '' then null
        when {{ is_international }} and left({{ intl_digits }}, {{ cc | length }}) != '{{ cc }}'
            then '+' || {{ intl_digits }}
        else '+{{ cc }}' || ({{ modern_national }})
    end
{%- endmacro %}
