{#- Phone normalisation, step 3: the number as '+<country code><national number>' or null.
    - keeps digits only, remembering an international prefix ('+' or '00'): phone_digits(),
      phone_is_international(), phone_international_digits();
    - Vietnamese numbers: '+84…', '84…' (11–12 digits), '0…' or 9 bare digits starting 3/5/7/8/9,
      a stray trunk '0' after +84 dropped: phone_national();
    - pre-2018 11-digit mobiles (01xx xxx xxxx) take today's prefix from seed vn_mobile_prefix_changes;
    - other '+' / '00' numbers keep their own country code.
    Either expr (the delivered value: every step inlined) or the columns of the earlier steps
    (digits, is_international, international_digits, national: what contact_steps() computes, so
    each step is compiled once). Validity is judged by phone_is_valid() / phone_is_placeholder(),
    then phone_e164() and phone_issue(). -#}
{% macro phone_candidate(expr=none, digits=none, is_international=none, international_digits=none, national=none) -%}
    {%- set cc = var('default_phone_country_code') -%}
    {%- set prefixes = cdp.seed_rows('vn_mobile_prefix_changes', ['old_prefix', 'new_prefix']) -%}
    {%- if expr is not none -%}
        {%- set digits = cdp.phone_digits(expr) -%}
        {%- set is_international = cdp.phone_is_international(expr) -%}
        {%- set international_digits = cdp.phone_international_digits(expr, digits) -%}
        {%- set national = cdp.phone_national(digits, is_international, international_digits) -%}
    {%- elif digits is none or is_international is none or international_digits is none or national is none -%}
        {{ exceptions.raise_compiler_error("phone_candidate(): pass expr= (the delivered value) or all of digits=, is_international=, international_digits=, national= (columns of the earlier steps)") }}
    {%- endif -%}
    {%- set new_prefix -%}{{ cdp.lookup_case("'0' || left(" ~ national ~ ", 3)", prefixes) }}{%- endset -%}
    {#- An old 11-digit mobile (national 1xx xxx xxxx) with a listed prefix takes the new one; the
        concatenation is null when the prefix is not listed, and the number is kept as it is. -#}
    {%- set modern_national -%}
        coalesce(
            case
                when length({{ national }}) = 10 and left({{ national }}, 1) = '1'
                    then substr({{ new_prefix }}, 2) || substr({{ national }}, 4)
            end,
            {{ national }}
        )
    {%- endset -%}
    case
        when {{ digits }} is null or {{ digits }} = '' then null
        when {{ is_international }} and left({{ international_digits }}, {{ cc | length }}) != '{{ cc }}'
            then '+' || {{ international_digits }}
        else '+{{ cc }}' || ({{ modern_national }})
    end
{%- endmacro %}
