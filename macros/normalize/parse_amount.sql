{#- A money amount from text, in its own currency, or null when unreadable. Currency words and symbols
    are dropped ('1.250.000 ₫', '1250000 VND'); '.' or ',' in groups of three are thousands separators
    ('1.250.000', '1,250,000'); a last separator followed by one or two digits is the decimal point
    ('47.50', '1.250,50', '1,250.50'). A lone group of three ('1.250') reads as thousands. A '.' after
    four digits or more, or before four decimals or more, is a decimal point ('322000.000', '322000.0000':
    a decimal column written as text). As spreadsheets write them: a number in scientific notation
    ('2.5E+07', Excel's form of a long number) and an amount in brackets, the accounting negative
    ('(250.000)' is -250000, which the amount checks then refuse where amounts are not negative). A
    percentage ('10%') is no amount: null. Thousands and millions as Facebook and Zalo sellers and their
    order sheets write them: '250k' and '500 nghìn' (x 1,000), '1,5tr', '2 triệu' and '1tr2' (1.2
    million); another use of those words ('1.250k') is unreadable: null. Letters and signs are read
    only as a currency written before or after the number ('VND 1.250.000', '1.250.000đ', '$47.50',
    '47.50 USD': a code of seed currency_rates, a symbol, đồng); anything else in the text ('12O.000',
    a letter O typed for a zero; '2 x 120.000'; 'abc123') is unreadable: null, where dropping it read
    12,000, 2,120 and 123. -#}
{% macro parse_amount(expr) -%}
    {%- set t -%}trim({{ expr }}){%- endset -%}
    {%- set s -%}{{ cdp.regexp_replace_all(expr, '[^0-9.,-]', '') }}{%- endset -%}
    {%- set groups = cdp.thousands_grouped_patterns() %}
    {%- set lt -%}lower({{ t }}){%- endset -%}
    {%- set currency_word = '( ?(đ|₫|vnd|vnđ|đồng|dong))?$' %}
    {%- set millions_and = '^([0-9]+) ?tr ?([0-9]{1,3})' ~ currency_word %}
    {%- set shorthand = '^([0-9]+([.,][0-9]{1,2})?) ?(k|nghìn|ngàn|tr|triệu)' ~ currency_word %}
    {%- set codes = cdp.seed_rows('currency_rates', ['currency_code']) | map(attribute=0) | map('lower') | list %}
    {#- Longest first: DuckDB and Spark take the first alternative that matches, PostgreSQL the longest,
        so with the sign 'đ' first 'đồng 100.000' lost only its 'đ' (null) on two engines of three. #}
    {%- set currency = '(đồng|dong|vnđ|us[$]' ~ ('|' ~ codes | join('|') if codes) ~ '|[$€£¥₫đ])' %}
    {#- The number alone: a currency before or after it removed; digits, separators and spaces, a sign,
        brackets (the accounting negative) left. #}
    {%- set number -%}{{ cdp.regexp_replace_all(lt, '^' ~ currency ~ ' *| *' ~ currency ~ '$', '') }}{%- endset -%}
    case
        {#- A share, not an amount ('10%' is no 10 đồng). #}
        when {{ cdp.regexp_like(t, '%') }} then null
        when {{ cdp.regexp_like(t, '^[+-]?[0-9]+([.][0-9]+)?[eE][+-]?[0-9]+$') }}
            then cast(cast({{ t }} as {{ cdp.type_double() }}) as {{ dbt.type_numeric() }})
        {#- Thousands and millions as sellers write them: '250k', '500 nghìn', '1,5tr', '2 triệu đồng',
            and '1tr2' (1.2 million), '2tr500' (2.5 million). Another use of those words ('1.250k': a
            thousand and a quarter, or 1.25 million?) is no amount; dropping its letters read 1,250. #}
        when {{ cdp.regexp_like(lt, '[0-9] ?(k|nghìn|ngàn|tr|triệu)') }}
            then case
                when {{ cdp.regexp_like(lt, millions_and) }}
                    then cast({{ dbt.concat([cdp.regexp_extract(lt, millions_and, 1), "'.'", cdp.regexp_extract(lt, millions_and, 2)]) }}
                        as {{ dbt.type_numeric() }}) * 1000000
                when {{ cdp.regexp_like(lt, shorthand) }}
                    then cast(replace({{ cdp.regexp_extract(lt, shorthand, 1) }}, ',', '.') as {{ dbt.type_numeric() }})
                    * case when {{ cdp.regexp_extract(lt, shorthand, 3) }} in ('k', 'nghìn', 'ngàn') then 1000 else 1000000 end
            end
        when not {{ cdp.regexp_like(number, '^[(]?[+-]?[0-9]([0-9., ]*[0-9])?[)]?$') }} then null
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
