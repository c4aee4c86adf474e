{#- The person attributes an identity record can carry, in the column order of
    int_identity_records_unioned, with their SQL type: what `attributes:` of var identity_inputs may
    name. An input that does not list one leaves it null. -#}
{% macro identity_record_attributes() -%}
    {{ return([
        ('full_name', dbt.type_string()),
        ('full_name_ascii', dbt.type_string()),
        ('family_name_key', dbt.type_string()),
        ('given_name_key', dbt.type_string()),
        ('name_tokens_sorted', dbt.type_string()),
        ('email', dbt.type_string()),
        ('email_match_key', dbt.type_string()),
        ('phone_e164', dbt.type_string()),
        ('date_of_birth', 'date'),
        ('province_code', dbt.type_string()),
        ('region_key', dbt.type_string()),
        ('address_key', dbt.type_string()),
        ('house_number', dbt.type_string()),
        ('street_key', dbt.type_string()),
        ('ward_key', dbt.type_string()),
        ('district_key', dbt.type_string()),
    ]) }}
{%- endmacro %}
