{#- Integer from text, or null when the text is not a (possibly signed) whole number. A whole number
    written as a float export writes it ('1.0', '12.00') is that number. grouped=true: a count written
    with thousands separators ('1.000', '1,250,000', as ad platforms' exports and Vietnamese
    spreadsheets write them) reads without them, '1.000' as a thousand before it could read as 1.0;
    keep it false where '1.000' could mean one. -#}
{% macro safe_cast_integer(expr, grouped=false) -%}
    {%- set t -%}trim({{ expr }}){%- endset -%}
    case
        {%- if grouped %}
        {%- set groups = cdp.thousands_grouped_patterns() %}
        when {{ cdp.regexp_like(t, groups.dot ~ '|' ~ groups.comma) }}
            then cast({{ cdp.regexp_replace_all(t, '[.,]', '') }} as {{ dbt.type_bigint() }})
        {%- endif %}
        when {{ cdp.regexp_like(t, '^-?[0-9]{1,18}([.]0+)?$') }}
            then cast({{ cdp.regexp_replace_all(t, '[.]0+$', '') }} as {{ dbt.type_bigint() }})
    end
{%- endmacro %}


{#- A whole number written in groups of three with '.' or ',' ('1.250.000', '1,250,000'), read the same
    by parse_amount and safe_cast_integer(grouped=true). -#}
{% macro thousands_grouped_patterns() -%}
    {{ return({'dot': '^-?[0-9]{1,3}([.][0-9]{3})+$', 'comma': '^-?[0-9]{1,3}(,[0-9]{3})+$'}) }}
{%- endmacro %}
