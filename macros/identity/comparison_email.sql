{#- Fellegi-Sunter comparison of two email match keys, as a level: 2 exact, 1 local parts (before the
    '@') equal or with Jaro-Winkler >= var identity_fs_email_local_similarity and their digits not
    different, 0 else; null when either is missing. Takes two expressions.
    Digits: a local part is usually spelt from the name, so two namesakes' addresses are alike
    (hanhngo141, hanhngo51); the number in it (a birth year, a counter) tells them apart. Both
    carrying digits and the digits differing is level 0; a typo in a letter (nguyenphong82,
    nguynphong82) or digits on one side only (tam.nguyen, tamnguyen3905) stays level 1. -#}
{% macro comparison_email(left_email, right_email) -%}
    {%- set l = cdp.email_local_part(left_email) -%}
    {%- set r = cdp.email_local_part(right_email) -%}
    {%- set ld = cdp.regexp_replace_all(l, '[^0-9]', '') -%}
    {%- set rd = cdp.regexp_replace_all(r, '[^0-9]', '') -%}
    case
        when {{ left_email }} is null or {{ right_email }} is null then null
        when {{ left_email }} = {{ right_email }} then 2
        when not ({{ l }} = {{ r }} or {{ cdp.string_similarity(l, r) }} >= {{ var('identity_fs_email_local_similarity') }}) then 0
        when {{ ld }} != '' and {{ rd }} != '' and {{ ld }} != {{ rd }} then 0
        else 1
    end
{%- endmacro %}
