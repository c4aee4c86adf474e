{#- A phone number in E.164 ('+84933184168') from phone_candidate(), or null when it is junk or a
    placeholder. phone_issue() says why a non-empty value became null. is_valid / is_placeholder:
    columns already holding phone_is_valid(candidate) / phone_is_placeholder(candidate)
    (contact_steps()); computed inline when not given. -#}
{% macro phone_e164(candidate, is_valid=none, is_placeholder=none) -%}
    case
        when {{ is_valid if is_valid is not none else cdp.phone_is_valid(candidate) }}
            and not {{ is_placeholder if is_placeholder is not none else cdp.phone_is_placeholder(candidate) }}
            then {{ candidate }}
    end
{%- endmacro %}
