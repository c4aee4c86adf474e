{#- A delivered name without a phone number written into it, as Facebook and Zalo sellers and call
    centres note a buyer: 'Lan 0933 184 168', 'Nguyễn Thị Lan (0933184168)', 'Chị Lan - SĐT:
    0933.184.168', 'Nguyễn Văn An zalo 0933184168'. A number is eight digits or more, each after at
    most one space, dot or dash; a label just before it (sđt, đt, tel, zalo, phone: any letter case,
    with or without Đ) and the brackets, dashes and colons around it go with it. A name that is nothing
    but a number becomes '' (no name). The phone field is where staging reads a phone from; the one in
    the name is not read. contact_columns calls it before name_without_honorific. -#}
{% macro name_without_phone(expr) -%}
    {%- set label = '([Ss][ĐđDd][Tt]|[ĐđDd][Tt]|[Tt][Ee][Ll]|[Zz][Aa][Ll][Oo]|[Pp][Hh][Oo][Nn][Ee])' -%}
    {{ cdp.regexp_replace_all(expr, '[\\s(\\[:,;/|-]*(' ~ label ~ '[\\s:.]*)?[+]?[0-9]([\\s.-]?[0-9]){7,}[\\s)\\]]*', ' ') }}
{%- endmacro %}
