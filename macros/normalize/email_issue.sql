{#- Why an email value is unusable for matching: null (usable or absent), 'invalid_email',
    'placeholder_email'. raw is the delivered value, email its email_normalized(). is_placeholder:
    a boolean column or expression already holding "email_is_placeholder(email) or
    email_is_placeholder(email_match_key(email))" (contact_steps() computes both flags in earlier
    CTEs); computed inline when not given. -#}
{% macro email_issue(raw, email, is_placeholder=none) -%}
    {%- set placeholder_sql -%}
        {%- if is_placeholder is not none -%}
            {{ is_placeholder }}
        {%- else -%}
            {{ cdp.email_is_placeholder(email) }} or {{ cdp.email_is_placeholder(cdp.email_match_key(email)) }}
        {%- endif -%}
    {%- endset -%}
    case
        when {{ cdp.clean_text(raw) }} is null then null
        when {{ email }} is null then 'invalid_email'
        when {{ placeholder_sql }}
            then 'placeholder_email'
    end
{%- endmacro %}
