{#- The attributes of the golden record that survivorship decides, in lineage order. The candidate
    model int_customer_attribute_candidates_unioned yields exactly these (its accepted_values test). -#}
{% macro survivorship_attributes() -%}
    {{ return(['full_name', 'email', 'phone', 'date_of_birth', 'province_code', 'gender']) }}
{%- endmacro %}
