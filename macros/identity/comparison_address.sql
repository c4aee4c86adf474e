{#- Fellegi-Sunter comparison of two addresses (the Vietnamese address keys of address_keys(): house
    number, street, ward, district; and the province), as a level: 4 same house number and street
    (Jaro-Winkler of the street keys >= var identity_fs_street_similarity, so a typo or an abbreviation
    left over still agrees), 3 same ward and district, 2 same district, 1 same province, 0 else; levels
    2-4 also need the provinces not to differ. Null when either side has no province (nothing to
    compare). Takes the table aliases of the two profiles. -#}
{% macro comparison_address(left, right) -%}
    {%- set same_province -%}
        coalesce({{ left }}.province_code = {{ right }}.province_code, true)
    {%- endset -%}
    case
        when {{ left }}.province_code is null or {{ right }}.province_code is null then null
        when {{ left }}.house_number = {{ right }}.house_number
            and {{ cdp.string_similarity(left ~ '.street_key', right ~ '.street_key') }} >= {{ var('identity_fs_street_similarity') }}
            and {{ same_province }} then 4
        when {{ left }}.ward_key = {{ right }}.ward_key and {{ left }}.district_key = {{ right }}.district_key
            and {{ same_province }} then 3
        when {{ left }}.district_key = {{ right }}.district_key and {{ same_province }} then 2
        when {{ left }}.province_code = {{ right }}.province_code then 1
        else 0
    end
{%- endmacro %}
