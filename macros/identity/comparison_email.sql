{#- Fellegi-Sunter comparison of two email match keys, as a level: 2 exact, 1 local parts (before the
    '@') equal or with Jaro-Winkler >= var identity_fs_email_local_similarity, 0 else; null when either
    is missing. Takes two expressions. -#}
{% macro comparison_email(left_email, right_email) -%}
    {%- set l = cdp.email_local_part(left_email) -%}
    {%- set r = cdp.email_local_part(right_email) -%}
    case
        when {{ left_email }} is null or {{ right_email }} is null then null
        when {{ left_email }} = {{ right_email }} then 2
        when {{ l }} = {{ r }} or {{ cdp.string_similarity(l, r) }} >= {{ var('identity_fs_email_local_similarity') }} then 1
        else 0
    end
{%- endmacro %}
