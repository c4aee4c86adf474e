{#- The form of an email used for matching, kept beside the display value: domain typos fixed (seed
    email_domain_typos), '+tags' dropped, dots dropped for Gmail. Takes email_normalized()'s result;
    null for null. split_part() reads coalesce(email, ''): see email_is_placeholder (DuckDB 2.0). -#}
{% macro email_match_key(email) -%}
    {%- set typos = cdp.seed_rows('email_domain_typos', ['typo_domain', 'corrected_domain']) -%}
    {%- set local_part -%}{{ cdp.regexp_replace_all("split_part(coalesce(" ~ email ~ ", ''), '@', 1)", '[+].*$', '') }}{%- endset -%}
    {%- set raw_domain -%}split_part(coalesce({{ email }}, ''), '@', 2){%- endset -%}
    {%- set domain -%}coalesce({{ cdp.lookup_case(raw_domain, typos) }}, {{ raw_domain }}){%- endset -%}
    case
        when {{ email }} is null then null
        when {{ domain }} = 'gmail.com' then replace({{ local_part }}, '.', '') || '@gmail.com'
        else {{ local_part }} || '@' || {{ domain }}
    end
{%- endmacro %}
