{#- Fellegi-Sunter comparison of two email match keys, as a level: 2 exact, 1 the same address with
    a typo in the local part, 0 else; null when either is missing. Takes two expressions.
    Level 1 needs the same domain, local parts (before the '@') with Jaro-Winkler >= var
    identity_fs_email_local_similarity and the same digits in them (a typo in a letter:
    nguyenphong82@gmail.com, nguynphong82@gmail.com). An address is usually spelt from its owner's
    name, so two namesakes' addresses are alike too (hanhngo141@yahoo.com, hanhngo51@yahoo.com;
    khanghoang63@gmail.com, khang.hoang@outlook.com): counting them as agreement would count the name
    twice; the number in the local part (a birth year, a counter) or the provider tells them apart. -#}
{% macro comparison_email(left_email, right_email) -%}
    {%- set l = cdp.email_local_part(left_email) -%}
    {%- set r = cdp.email_local_part(right_email) -%}
    case
        when {{ left_email }} is null or {{ right_email }} is null then null
        when {{ left_email }} = {{ right_email }} then 2
        when {{ dbt.split_part(left_email, "'@'", 2) }} != {{ dbt.split_part(right_email, "'@'", 2) }} then 0
        when {{ cdp.string_similarity(l, r) }} < {{ var('identity_fs_email_local_similarity') }} then 0
        when {{ cdp.regexp_replace_all(l, '[^0-9]', '') }} = {{ cdp.regexp_replace_all(r, '[^0-9]', '') }} then 1
        else 0
    end
{%- endmacro %}
