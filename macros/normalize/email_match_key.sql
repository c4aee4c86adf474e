{#- The form of an email used for matching, kept beside the display value: domain typos fixed
    (email_key_domain), '+tags' dropped (email_key_local_part), dots dropped for Gmail. Takes
    email_normalized()'s result; null for null. local_part / domain: columns already holding
    email_key_local_part(email) / email_key_domain(email) (computed in an earlier CTE by
    contact_steps(), so the compiled SQL holds each once); computed inline when not given. -#}
{% macro email_match_key(email, local_part=none, domain=none) -%}
    {%- set local_sql = local_part if local_part is not none else cdp.email_key_local_part(email) -%}
    {%- set domain_sql = domain if domain is not none else cdp.email_key_domain(email) -%}
    case
        when {{ email }} is null then null
        when {{ domain_sql }} = 'gmail.com' then replace({{ local_sql }}, '.', '') || '@gmail.com'
        else {{ local_sql }} || '@' || {{ domain_sql }}
    end
{%- endmacro %}
