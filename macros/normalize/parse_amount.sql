{#- A money amount from text, in its own currency, or null when unreadable. Currency words and symbols
    are dropped ('1.250.000 ₫', '1250000 VND'); '.' or ',' in groups of three are thousands separators
    ('1.250.000', '1,250,000'); a last separator followed by one or two digits is the decimal point
    ('47.50', '1.250,50', '1,250.50'). A lone group of three ('1.250') reads as thousands. -#}
{% macro parse_amount(expr) -%}
    {%- set s -%}{{ cdp.regexp_replace_all(expr, '[^0-9.,-]', '') }}{%- endset -%}
    case
        when {{ cdp.regexp_like(s, '^-?[0-9]{1,3}([.][0-9]{3})+$') }}
            then cast(replace({{ s }}, '.', '') as {{ dbt.type_numeric() }})
        when {{ cdp.regexp_like(s, '^-?[0-9]{1,3}(,[0-9]{3})+$') }}
            then cast(replace({{ s }}, ',', '') as {{ dbt.type_numeric() }})
        when {{ cdp.regexp_like(s, '^-?[0-9]{1,3}([.][0-9]{3})+,[0-9]{1,2}$') }}
            then cast(replace(replace({{ s }}, '.', ''), ',', '.') as {{ dbt.type_numeric() }})
        when {{ cdp.regexp_like(s, '^-?[0-9]{1,3}(,[0-9]{3})+[.][0-9]{1,2}$') }}
            then cast(replace({{ s }}, ',', '') as {{ dbt.type_numeric() }})
        when {{ cdp.regexp_like(s, '^-?[0-9]+([.,][0-9]{1,2})?$') }}
            then cast(replace({{ s }}, ',', '.') as {{ dbt.type_numeric() }})
    end
{%- endmacro %}
