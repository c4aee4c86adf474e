{#- First step of address normalisation (address_marked() is the second, in a later CTE): lower case;
    unit words written with diacritics, which are unambiguous, flagged with '#' ('Quận' -> '#quan',
    'Phường' -> '#phuong', 'Thành phố' -> '#thanh pho', 'Đường' -> '#duong'; the road 'Tỉnh lộ' ->
    'tinhlo'); diacritics removed (Đ/đ -> d); only letters, digits, '/', '#' and commas kept (a comma
    becomes ' , '); an abbreviation glued to its number split ('p3' -> 'p 3', 'q.1' -> 'q 1').
    '123 Đường Lê Lợi, P. Bến Nghé, Q.1' -> '123 #duong le loi , p ben nghe , q 1'. -#}
{% macro address_folded(expr) -%}
    {%- set unit_words = 'thành phố|thị trấn|thị xã|phường|quận|huyện|xã|đường|tỉnh' -%}
    {%- set s = namespace(sql="replace(lower(" ~ expr ~ "), 'tỉnh lộ', ' tinhlo ')") -%}
    {%- set s.sql = cdp.regexp_replace_all(s.sql, '(' ~ unit_words ~ ')', ' #\\1 ') -%}
    {%- set s.sql = cdp.regexp_replace_all(cdp.strip_diacritics(s.sql), '[,;]', ' , ') -%}
    {%- set s.sql = cdp.regexp_replace_all(s.sql, '[^a-z0-9/,#]+', ' ') -%}
    {%- set s.sql = cdp.regexp_replace_all(s.sql, '([a-z])([0-9])', '\\1 \\2') -%}
    {%- set s.sql = cdp.regexp_replace_all(s.sql, ' */ *', '/') -%}
    nullif(trim({{ cdp.regexp_replace_all(s.sql, ' +', ' ') }}), '')
{%- endmacro %}
