{#- An email address for display and sending: trimmed, lower-case, syntactically valid, else null. -#}
{% macro email_normalized(expr) -%}
    {%- set cleaned -%}lower({{ cdp.regexp_replace_all(expr, '\\s', '') }}){%- endset -%}
    case
        when {{ cdp.regexp_like(cleaned, '^[a-z0-9._%+-]+@[a-z0-9-]+([.][a-z0-9-]+)*[.][a-z]{2,}$') }}
            and not {{ cdp.regexp_like(cleaned, '([.][.]|^[.]|[.]@|@[.-])') }}
            then {{ cleaned }}
    end
{%- endmacro %}
