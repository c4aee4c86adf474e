{#- Why a phone value is unusable: null (usable or absent), 'placeholder_phone' (a number shared by
    unrelated people), 'invalid_phone' (junk, wrong length or prefix). raw is the delivered value,
    candidate its phone_candidate(). is_valid / is_placeholder: as in phone_e164(). -#}
{% macro phone_issue(raw, candidate, is_valid=none, is_placeholder=none) -%}
    case
        when {{ cdp.clean_text(raw) }} is null then null
        when {{ is_placeholder if is_placeholder is not none else cdp.phone_is_placeholder(candidate) }} then 'placeholder_phone'
        when not {{ is_valid if is_valid is not none else cdp.phone_is_valid(candidate) }} then 'invalid_phone'
    end
{%- endmacro %}
