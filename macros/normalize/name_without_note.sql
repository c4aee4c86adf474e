{#- A delivered name without what a profile, a seller or an export adds to it: a nickname or a note in
    brackets ('Nguyễn Thị Lan (Bông)', 'Lan Anh [khách sỉ]', an unclosed '(Bông' at the end), and at a
    comma either the order of a "Family, Given" export, put back ('Smith, John' -> 'John Smith',
    'Nguyen, Van An' -> 'Van An Nguyen': one word before the comma, the family name; its given names up
    to a second comma) or a note after a whole name, dropped ('Nguyễn Văn An, Hà Nội' -> 'Nguyễn Văn
    An': more than one word before the comma). Before, the nickname was read as the given name ('bong')
    and the comma order made 'Smith' the given name. contact_columns calls it after name_without_phone
    (a number in brackets or after a comma goes with its label there) and before name_without_honorific
    ('Chị Lan (Bông)' -> 'Lan'). -#}
{% macro name_without_note(expr) -%}
    {%- set unbracketed = cdp.regexp_replace_all(expr, '[(\\[][^)\\]]*([)\\]]|$)', ' ') -%}
    {%- set reordered = cdp.regexp_replace_all(
        unbracketed, '^\\s*([^,\\s]+)\\s*,\\s*([^,]*[^,\\s])\\s*(,.*)?$', '\\2 \\1'
    ) -%}
    {{ cdp.regexp_replace_all(reordered, ',.*$', '') }}
{%- endmacro %}
