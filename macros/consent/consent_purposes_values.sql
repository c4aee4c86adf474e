{#- The purposes of var consent_purposes as an inline table with one column, purpose, so every
    customer gets a row per purpose (customer_consent). -#}
{% macro consent_purposes_values() -%}
    {%- set purposes = var('consent_purposes') -%}
    {%- if purposes | length == 0 -%}
        {{ exceptions.raise_compiler_error("var consent_purposes is empty: list the consent purposes, e.g. [email_marketing, sms_marketing, ads_personalization, analytics]") }}
    {%- endif -%}
    {%- for purpose in purposes %}
    select '{{ purpose }}' as purpose
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
{%- endmacro %}
