{#- A money amount from text, in its own currency, or null when unreadable. Currency words and symbols
    are dropped ('1.250.000 ₫', '1250000 VND'); '.' or ',' in groups of three are thousands separators
    ('1.250.000', '1,250,000'); a last separator followed by one or two digits is the decimal point
    ('47.50', '1.250,50', '1,250.50'). A lone group of three ('1.250') reads as thousands. A '.' after
    four digits or more, or before four decimals or more, is a decimal point ('322000.000', '322000.0000':
    a decimal column written as text). As spreadsheets write them: a number in scientific notation
    ('2.5E+07', Excel's form of a long number) and an amount in brackets, the accounting negative
    ('(250.000)' is -250000, which the amount checks then refuse where amounts are not negative). A
    percentage ('10%') is no amount: null. -#}
{% macro parse_amount(expr) -%}
    {%- set t -%}trim({{ expr }}){%- endset -%}
    {%- set s -%}{{ cdp.regexp_replace_all(expr, '[^0-9.,-]', '') }}{%- endset -%}
    {%- set groups = cdp.thousands_grouped_patterns() %}
    case
        {#- A share, not an amount ('10%' is no 10 đồng). #}
        when {{ cdp.regexp_like(t, '%') }} then null
        when {{ cdp.regexp_like(t, '^[+-]?[0-9]+([.][0-9]+)?[eE][+-]?[0-9]+$') }}
            then cast(cast({{ t }} as {{ cdp.type_double() }}) as {{ dbt.type_numeric() }})
        else
            case when {{ cdp.regexp_like(t, '^[(].*[)]$') }} then -1 else 1 end
            * case
                when {{ cdp.regexp_like(s, groups.dot) }}
                    then cast(replace({{ s }}, '.', '') as {{ dbt.type_numeric() }})
                when {{ cdp.regexp_like(s, groups.comma) }}
                    then cast(replace({{ s }}, ',', '') as {{ dbt.type_numeric() }})
                when {{ cdp.regexp_like(s, '^-?[0-9]{1,3}([.][0-9]{3})+,[0-9]{1,2}$') }}
                    then cast(replace(replace({{ s }}, '.', ''), ',', '.') as {{ dbt.type_numeric() }})
                when {{ cdp.regexp_like(s, '^-?[0-9]{1,3}(,[0-9]{3})+[.][0-9]{1,2}$') }}
                    then cast(replace({{ s }}, ',', '') as {{ dbt.type_numeric() }})
                when {{ cdp.regexp_like(s, '^-?[0-9]+([.,][0-9]{1,2})?$') }}
                    then cast(replace({{ s }}, ',', '.') as {{ dbt.type_numeric() }})
                when {{ cdp.regexp_like(s, '^-?([0-9]{4,}[.][0-9]+|[0-9]+[.][0-9]{4,})$') }}
                    then cast({{ s }} as {{ dbt.type_numeric() }})
            end
    end
{%- endmacro %}
