{#- Person columns of an identity-bearing source, in two steps so that each rule is compiled once:
    contact_columns(name=, email=, phone=) in the first CTE (raw expressions; pass none for what the
    source lacks) gives full_name, full_name_ascii, email_raw, email, phone_raw, phone_candidate;
    contact_keys() in the next CTE adds email_match_key (null for placeholders, so they never link),
    email_issue, phone_e164, phone_issue, family_name_key, given_name_key and name_tokens_sorted. -#}
{% macro contact_columns(name=none, email=none, phone=none) -%}
    {%- if name is none and email is none and phone is none -%}
        {{ exceptions.raise_compiler_error("contact_columns(): pass at least one of name=, email=, phone= (raw column expressions)") }}
    {%- endif -%}
    {%- set null_text -%}cast(null as {{ dbt.type_string() }}){%- endset -%}
        {{ cdp.name_display(name) if name is not none else null_text }} as full_name,
        {{ cdp.name_ascii(name) if name is not none else null_text }} as full_name_ascii,
        {{ cdp.clean_text(email) if email is not none else null_text }} as email_raw,
        {{ cdp.email_normalized(email) if email is not none else null_text }} as email,
        {{ cdp.clean_text(phone) if phone is not none else null_text }} as phone_raw,
        {{ cdp.phone_candidate(phone) if phone is not none else null_text }} as phone_candidate
{%- endmacro %}

{% macro contact_keys(name=true, email=true, phone=true) -%}
    {#- name/email/phone: false for what contact_columns() was not given (emits typed nulls). -#}
    {%- set null_text -%}cast(null as {{ dbt.type_string() }}){%- endset -%}
    {%- if email %}
        case when ({{ cdp.email_issue('email_raw', 'email') }}) is null then {{ cdp.email_match_key('email') }} end as email_match_key,
        {{ cdp.email_issue('email_raw', 'email') }} as email_issue,
    {%- else %}
        {{ null_text }} as email_match_key,
        {{ null_text }} as email_issue,
    {%- endif %}
    {%- if phone %}
        {{ cdp.phone_e164('phone_candidate') }} as phone_e164,
        {{ cdp.phone_issue('phone_raw', 'phone_candidate') }} as phone_issue,
    {%- else %}
        {{ null_text }} as phone_e164,
        {{ null_text }} as phone_issue,
    {%- endif %}
    {%- if name %}
        {{ cdp.name_key_columns('full_name_ascii') }}
    {%- else %}
        {{ null_text }} as family_name_key,
        {{ null_text }} as given_name_key,
        {{ null_text }} as name_tokens_sorted
    {%- endif %}
{%- endmacro %}
