{#- The domain of an email as email_match_key() reads it: after the '@', a known typo replaced by the
    corrected domain (seed email_domain_typos). Takes email_normalized()'s result; '' for null.
    contact_steps() keeps it as column email_key_domain. -#}
{% macro email_key_domain(email) -%}
    {%- set typos = cdp.seed_rows('email_domain_typos', ['typo_domain', 'corrected_domain']) -%}
    {%- set raw_domain -%}split_part(coalesce({{ email }}, ''), '@', 2){%- endset -%}
    coalesce({{ cdp.lookup_case(raw_domain, typos) }}, {{ raw_domain }})
{%- endmacro %}
