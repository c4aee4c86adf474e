{#- An email masked for analysts: the first character of the local part, '***', then '@' and the domain
    ('lan.nguyen@example.vn' gives 'l***@example.vn'); null for null. -#}
{% macro mask_email(expr) -%}
    case
        when {{ expr }} is not null
            then {{ dbt.concat(["substring(" ~ expr ~ ", 1, 1)", "'***@'", "split_part(" ~ expr ~ ", '@', 2)"]) }}
    end
{%- endmacro %}
