{#- A phone in E.164 masked for analysts: the country code and the first two digits of the number, '****',
    then the last three digits ('+84903111001' gives '+8490****001'); null for null. -#}
{% macro mask_phone(expr) -%}
    case
        when {{ expr }} is not null
            then {{ dbt.concat(["substring(" ~ expr ~ ", 1, 5)", "'****'", "substring(" ~ expr ~ ", " ~ dbt.length(expr) ~ " - 2, 3)"]) }}
    end
{%- endmacro %}
