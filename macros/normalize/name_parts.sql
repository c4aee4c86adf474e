{#- Family and given name from the matching form of a full name, in either order.
    Vietnamese names are family-name-first ('nguyen van an'), Western exports often given-name-first
    ('an nguyen', 'an nguyen van'): when the first token is a known family name (seed vn_family_names)
    it is the family name and the last token the given name; else when the second token is one and
    more follow ('an nguyen van') it is the family name and the first the given name; else when the
    last token is one ('khanh minh thao nguyen') it is the family name and the token before it the
    given name; otherwise the name is read as given-name-first ('john smith'). part: 'family' or
    'given'. Names whose first and last tokens are both family names ('Vũ Đặng') stay ambiguous:
    names_compatible() also accepts token containment for them. -#}
{% macro name_part(name_ascii_expr, part) -%}
    {%- if part not in ['family', 'given'] -%}
        {{ exceptions.raise_compiler_error("name_part(): part must be 'family' or 'given', got '" ~ part ~ "'") }}
    {%- endif -%}
    {%- set families = cdp.seed_rows('vn_family_names', ['family_name_ascii']) | map(attribute=0) | list -%}
    {%- set first -%}{{ cdp.regexp_replace_all(name_ascii_expr, ' .*$', '') }}{%- endset -%}
    {%- set second -%}split_part({{ name_ascii_expr }}, ' ', 2){%- endset -%}
    {%- set last -%}{{ cdp.regexp_replace_all(name_ascii_expr, '^.* ', '') }}{%- endset -%}
    {%- set before_last -%}{{ cdp.regexp_replace_all(cdp.regexp_replace_all(name_ascii_expr, ' [^ ]+$', ''), '^.* ', '') }}{%- endset -%}
    case
        when {{ name_ascii_expr }} is null then null
        {%- if part == 'family' %}
        when {{ first }} = {{ name_ascii_expr }} then null
        when {{ first }} in {{ cdp.sql_string_list(families) }} then {{ first }}
        when {{ second }} in {{ cdp.sql_string_list(families) }} and {{ second }} != {{ last }} then {{ second }}
        when {{ last }} in {{ cdp.sql_string_list(families) }} then {{ last }}
        else {{ last }}
        {%- else %}
        when {{ first }} = {{ name_ascii_expr }} then {{ first }}
        when {{ first }} in {{ cdp.sql_string_list(families) }} then {{ last }}
        when {{ second }} in {{ cdp.sql_string_list(families) }} and {{ second }} != {{ last }} then {{ first }}
        when {{ last }} in {{ cdp.sql_string_list(families) }} then {{ before_last }}
        else {{ first }}
        {%- endif %}
    end
{%- endmacro %}
