{#- The normalised address line: house number and street in matching form ('123 Đường Lê Lợi, Q.1'
    -> '123 le loi'), from the columns of address_keys(); null when both are null. Ward, district and
    province are compared on their own columns. -#}
{% macro address_key(house_number, street_key) -%}
    nullif(concat_ws(' ', {{ house_number }}, {{ street_key }}), '')
{%- endmacro %}
