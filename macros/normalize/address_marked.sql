{#- The matching form of a Vietnamese address (or of a ward / district value), marked for parsing, from
    its address_folded() column (computed in an earlier CTE): every administrative unit written as a
    marker followed by its name: '|w' phường (P., F.), '|x' xã (X.), '|t' thị trấn (TT.), '|q' quận (Q.),
    '|h' huyện (H.), '|s' thị xã (TX.), '|c' thành phố / tỉnh (TP.); the street word 'Đường' stays
    'duong' (abbreviated 'd'); any other comma becomes a bare '|' (a segment of unknown level).
    address_keys() reads the house number, street and units from it.
    '123 Đường Lê Lợi, P. Bến Nghé, Q.1, TP.HCM' -> '123 duong le loi |w ben nghe |q 1 |c hcm';
    'Số 244, ngõ 45, Xuân Thủy, Cầu Giấy' -> 'so 244 | ngo 45 | xuan thuy | cau giay'; 'Phường 3' -> '|w 3'.
    A unit word spelled with diacritics (Quận, Phường, Xã…) or abbreviated (Q., P.3, Q1) is a unit
    wherever it stands; spelled without diacritics (Quan, Phuong, Xa…) only at the start of the value or
    after a comma, because 'Lạc Long Quân' and 'Xa lộ Hà Nội' fold to the same letters. 'Tỉnh lộ' and
    'Xa lộ' (roads) are kept as street words. -#}
{% macro address_marked(folded) -%}
    {%- set ascii_unit_words = 'thanh pho|thi tran|thi xa|phuong|quan|huyen|xa|tinh' -%}
    {%- set markers = [
        ('|w', 'p|f|#phuong'), ('|x', 'x|#xa'), ('|t', 'tt|#thi tran'),
        ('|q', 'q|#quan'), ('|h', 'h|#huyen'), ('|s', 'tx|#thi xa'), ('|c', 'tp|#thanh pho|#tinh')
    ] -%}
    {#- Unit words without diacritics at a segment start are flagged like those with diacritics (roads
        'Xa lộ', 'Tỉnh lộ' excepted), then every flagged word and abbreviation becomes its marker. -#}
    {%- set s = namespace(sql=cdp.regexp_replace_all(folded, '(^|, )(xa|tinh) lo( |$)', '\\1\\2lo\\3')) -%}
    {%- set s.sql = cdp.regexp_replace_all(s.sql, '(^|, )(' ~ ascii_unit_words ~ ')( |$)', '\\1#\\2\\3') -%}
    {%- for marker, words in markers -%}
        {%- set s.sql = cdp.regexp_replace_all(s.sql, '(^| )(' ~ words ~ ')( |$)', '\\1' ~ marker ~ '\\3') -%}
    {%- endfor -%}
    {#- A comma ends a segment: absorbed by the unit marker after it, else a bare '|'; the street word
        keeps no flag; roads restored; single spaces. -#}
    {%- set s.sql = "replace(" ~ cdp.regexp_replace_all(s.sql, ',( [|])?', '|') ~ ", '#', '')" -%}
    {%- set s.sql = cdp.regexp_replace_all(s.sql, '(xa|tinh)lo', '\\1 lo') -%}
    nullif(trim({{ cdp.regexp_replace_all(s.sql, ' +', ' ') }}), '')
{%- endmacro %}
