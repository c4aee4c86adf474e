{#- Integer from text, or null when the text is not a (possibly signed) whole number. -#}
{% macro safe_cast_integer(expr) -%}
    case
        when {{ cdp.regexp_like('trim(' ~ expr ~ ')', '^-?[0-9]{1,18}$') }}
            then cast(trim({{ expr }}) as {{ dbt.type_bigint() }})
    end
{%- endmacro %}
