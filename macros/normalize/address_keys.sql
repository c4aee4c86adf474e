{#- Address parts for matching, read from address_marked() columns (computed in an earlier CTE):
    - house_number: the numbers before the street, joined by '/' ('Số 244, ngõ 45' -> '244/45',
      '54/25' -> '54/25', '12A' -> '12a'); the words số, số nhà, SN, ngõ, hẻm, kiệt, ngách are dropped;
    - street_key: the street tokens after the house number, up to the next comma or administrative unit,
      the street word 'Đường' / 'Đ.' dropped ('123 Đường Lê Lợi, Q.1' -> 'le loi'); a numbered street
      keeps it, as 'duongso' ('12 Đường số 5' -> house '12', street 'duongso 5'; 'đường 3/2' ->
      'duongso 3/2'): it was read as more house numbers ('12/5', no street);
    - ward_key: the name of the first phường / xã / thị trấn ('P. Bến Nghé' -> 'ben nghe', 'Phường 3' -> '3');
    - district_key: the name of the first quận / huyện / thị xã ('Q.1' -> '1', 'Q. Bình Thạnh' -> 'binh thanh').
    district: the marked form of a separate ward or district column, read before the address line; a
    value there without a unit word ('Bình Thạnh') is a district. Pass none when the source has none. -#}
{% macro address_keys(address='address_marked', district=none) -%}
    {%- set house_words = 'so|sn|nha|ngo|hem|kiet|ngach|d|duong|dg' -%}
    {%- set house_pattern = '^(((' ~ house_words ~ ') |[0-9][0-9a-z/]* |[|] )*)' -%}
    {#- A numbered street ('Đường số 5', 'Đ. 5', 'đường 3/2', common in new districts) is a street, not more
        house numbers: its words become one street word before its number, which the house part
        stops at ('12 duong so 5' -> house 12, street 'duongso 5'). -#}
    {%- set numbered_street = cdp.regexp_replace_all(address, '(^| )(duong|dg|d) (so )?([0-9])', '\\1duongso \\4') -%}
    {%- set padded = dbt.concat([numbered_street, "' '"]) -%}
    {%- set house_part = cdp.regexp_extract(padded, house_pattern) -%}
    {%- set after_house = cdp.regexp_replace_all(padded, house_pattern, '') -%}
    {%- set house_numbers = cdp.regexp_replace_all(cdp.regexp_replace_all(house_part, '(^| )[a-z]+', ''), '[|]', '') -%}
        nullif({{ cdp.regexp_replace_all('trim(' ~ house_numbers ~ ')', ' +', '/') }}, '') as house_number,
        nullif(trim({{ cdp.regexp_extract(after_house, '^([^|]*)') }}), '') as street_key,
        {{ cdp.address_unit_key(address, district, 'ward') }} as ward_key,
        {{ cdp.address_unit_key(address, district, 'district') }} as district_key
{%- endmacro %}
