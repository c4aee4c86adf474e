{#- Why an email value is unusable for matching: null (usable or absent), 'invalid_email',
    'placeholder_email'. raw is the delivered value, email its email_normalized(). -#}
{% macro email_issue(raw, email) -%}
    case
        when {{ cdp.clean_text(raw) }} is null then null
        when {{ email }} is null then 'invalid_email'
        when {{ cdp.email_is_placeholder(email) }} or {{ cdp.email_is_placeholder(cdp.email_match_key(email)) }}
            then 'placeholder_email'
    end
{%- endmacro %}
