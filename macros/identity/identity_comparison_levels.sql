{#- The select list of the comparison levels of two profiles (table aliases left and right), one
    column <comparison>_level per comparison of identity_comparisons(). -#}
{% macro identity_comparison_levels(left, right) -%}
        {{ cdp.comparison_name(left, right) }} as name_level,
        {{ cdp.comparison_date_of_birth(left ~ '.date_of_birth', right ~ '.date_of_birth') }} as date_of_birth_level,
        {{ cdp.comparison_address(left, right) }} as address_level,
        {{ cdp.comparison_email(left ~ '.email_match_key', right ~ '.email_match_key') }} as email_level,
        {{ cdp.comparison_phone(left ~ '.phone_e164', right ~ '.phone_e164') }} as phone_level
{%- endmacro %}
