{#- Fellegi-Sunter comparison of two E.164 phone numbers, as a level: 3 exact, 2 one digit off (one
    edit), 1 same last var identity_fs_phone_tail_digits digits, 0 else; null when either is missing.
    Takes two expressions. -#}
{% macro comparison_phone(left_phone, right_phone) -%}
    {%- set n = var('identity_fs_phone_tail_digits') -%}
    case
        when {{ left_phone }} is null or {{ right_phone }} is null then null
        when {{ left_phone }} = {{ right_phone }} then 3
        when {{ cdp.edit_distance(left_phone, right_phone) }} = 1 then 2
        when {{ dbt.right(left_phone, n) }} = {{ dbt.right(right_phone, n) }} then 1
        else 0
    end
{%- endmacro %}
