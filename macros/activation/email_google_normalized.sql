{#- An email in Google Customer Match's form (before hashing): trimmed and lower-cased; for gmail.com
    and googlemail.com addresses the dots of the local part and any '+suffix' removed. Takes a text
    expression; null for null. -#}
{% macro email_google_normalized(expr) -%}
    {%- set cleaned -%}lower(trim({{ expr }})){%- endset -%}
    {%- set local_part -%}{{ cdp.regexp_replace_all("split_part(" ~ cleaned ~ ", '@', 1)", '[+].*$', '') }}{%- endset -%}
    case
        when split_part({{ cleaned }}, '@', 2) in ('gmail.com', 'googlemail.com')
            then {{ dbt.concat(["replace(" ~ local_part ~ ", '.', '')", "'@'", "split_part(" ~ cleaned ~ ", '@', 2)"]) }}
        else {{ cleaned }}
    end
{%- endmacro %}
