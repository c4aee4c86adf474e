{#- Fellegi-Sunter comparison of two addresses (the Vietnamese address keys of address_keys(): house
    number, street, ward, district; and the province), as a level: 5 same house number and street
    (Jaro-Winkler of the street keys >= var identity_fs_street_similarity, so a typo or an abbreviation
    left over still agrees; or the keys one edit apart: Jaro-Winkler gives no prefix bonus to a typo in
    the first letters, 'ke loi' / 'le loi' 0.89, which fell to level 1, another house; either way with
    the same digits: 'duongso 5' / 'duongso 6', numbered streets, are two streets), 4 same ward and
    district, 3 same district, 2 same province (levels 4-2: a side names no house), 1 same province at
    another address (both sides name a house number and a street, and not the same house, in one ward,
    district or province), 0 else; levels 3-5 also need
    the provinces not to differ. Level 1 is apart from levels 2-4 because "the same province" (or ward,
    or district) meant two things: one side names no house (nothing more to compare: a shop account, a
    lead form), or both do and they differ, which is evidence against the pair; one level held both, so
    two namesakes in one city at two addresses scored as if one had left the address blank (the
    province, 2026-12-06), and two in one district at two houses as if they agreed on the district
    (2026-12-07).
    Null (nothing to compare) when one side knows its province and the other does not: a street name
    without its city places no one (every city has a Lê Lợi). When neither knows one (a data set of
    addresses outside Vietnam, whose regions no province list knows), levels 3-5 compare the house,
    street, ward and district as they are, and the region as written (region_key) stands in for the
    province at levels 2-0. Two spellings of one region ('Queensland', 'QLD') are level 0 then: EM
    learns how often true pairs disagree so (m of level 0). Treating them as missing instead was
    measured and dropped: random pairs in other regions then fell out of u as well, so "the same
    region" had u near 0.7 among the pairs left and weighed +0.45 instead of about +2.6 (probe,
    regions abroad, seed 12). Before, such a data set was matched on names and dates alone. Takes
    the table aliases of the two profiles. -#}
{% macro comparison_address(left, right) -%}
    {%- set same_province -%}
        coalesce({{ left }}.province_code = {{ right }}.province_code, true)
    {%- endset -%}
    {#- Both sides name a house (number and street): past level 5 they are two houses. #}
    {%- set both_name_a_house -%}
        {{ left }}.house_number is not null and {{ right }}.house_number is not null
        and {{ left }}.street_key is not null and {{ right }}.street_key is not null
    {%- endset -%}
    case
        {#- One side knows its province, the other not: nothing to compare. #}
        when ({{ left }}.province_code is null) != ({{ right }}.province_code is null) then null
        when {{ left }}.house_number = {{ right }}.house_number
            and (
                {{ cdp.string_similarity(left ~ '.street_key', right ~ '.street_key') }} >= {{ var('identity_fs_street_similarity') }}
                or {{ cdp.within_one_edit(left ~ '.street_key', right ~ '.street_key') }}
            )
            and {{ cdp.regexp_replace_all(left ~ '.street_key', '[^0-9]', '') }} = {{ cdp.regexp_replace_all(right ~ '.street_key', '[^0-9]', '') }}
            and {{ same_province }} then 5
        {#- Two houses in one ward, district or province: another address (level 1). #}
        when {{ left }}.district_key = {{ right }}.district_key and {{ same_province }} and {{ both_name_a_house }}
            then 1
        when {{ left }}.ward_key = {{ right }}.ward_key and {{ left }}.district_key = {{ right }}.district_key
            and {{ same_province }} then 4
        when {{ left }}.district_key = {{ right }}.district_key and {{ same_province }} then 3
        {#- Past levels 5-3 with neither province known (addresses abroad): the region as written stands
            in for the province (levels 2-0); a side without one is nothing to compare. #}
        when {{ left }}.province_code is null or {{ right }}.province_code is null then
            case
                when {{ left }}.region_key = {{ right }}.region_key then case when {{ both_name_a_house }} then 1 else 2 end
                when {{ left }}.region_key is not null and {{ right }}.region_key is not null then 0
            end
        when {{ left }}.province_code = {{ right }}.province_code then case when {{ both_name_a_house }} then 1 else 2 end
        else 0
    end
{%- endmacro %}
