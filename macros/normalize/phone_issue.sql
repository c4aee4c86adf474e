{#- Why a phone value is unusable: null (usable or absent), 'placeholder_phone' (a number shared by
    unrelated people), 'invalid_phone' (junk, wrong length or prefix). raw is the delivered value,
    candidate its phone_candidate(). -#}
{% macro phone_issue(raw, candidate) -%}
    case
        when {{ cdp.clean_text(raw) }} is null then null
        when {{ cdp.phone_is_placeholder(candidate) }} then 'placeholder_phone'
        when not {{ cdp.phone_is_valid(candidate) }} then 'invalid_phone'
    end
{%- endmacro %}
