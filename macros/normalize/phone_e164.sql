{#- A phone number in E.164 ('+84933184168') from phone_candidate(), or null when it is junk or a
    placeholder. phone_issue() says why a non-empty value became null. -#}
{% macro phone_e164(candidate) -%}
    case
        when {{ cdp.phone_is_valid(candidate) }} and not {{ cdp.phone_is_placeholder(candidate) }}
            then {{ candidate }}
    end
{%- endmacro %}
