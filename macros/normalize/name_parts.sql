{#- Family and given name from the matching form of a full name, in either order.
    Vietnamese names are family-name-first ('nguyen van an'), Western exports often given-name-first
    ('an nguyen', 'an nguyen van'): when the first token is a known family name (seed vn_family_names)
    it is the family name and the last token the given name; else when the second token is one and
    more follow ('an nguyen van') it is the family name and the first the given name; else when the
    last token is one ('khanh minh thao nguyen') it is the family name and the token before it the
    given name; otherwise the name is read as given-name-first ('john smith'). part: 'family' or
    'given'. Names whose first and last tokens are both family names ('Vũ Đặng') stay ambiguous:
    names_compatible() also accepts token containment for them. -#}
{% macro name_part(name_ascii_expr, part, tokens=none, is_family=none) -%}
    {#- tokens / is_family: mappings of columns already holding name_tokens(name_ascii_expr) and
        name_token_is_family() of its first, second and last token (contact_steps()); computed
        inline when not given. -#}
    {%- if part not in ['family', 'given'] -%}
        {{ exceptions.raise_compiler_error("name_part(): part must be 'family' or 'given', got '" ~ part ~ "'") }}
    {%- endif -%}
    {%- set t = tokens if tokens is not none else cdp.name_tokens(name_ascii_expr) -%}
    {%- set f = is_family if is_family is not none else {
        'first': cdp.name_token_is_family(t['first']),
        'second': cdp.name_token_is_family(t['second']),
        'last': cdp.name_token_is_family(t['last'])
    } -%}
    case
        when {{ name_ascii_expr }} is null then null
        {%- if part == 'family' %}
        when {{ t['first'] }} = {{ name_ascii_expr }} then null
        when {{ f['first'] }} then {{ t['first'] }}
        when {{ f['second'] }} and {{ t['second'] }} != {{ t['last'] }} then {{ t['second'] }}
        when {{ f['last'] }} then {{ t['last'] }}
        else {{ t['last'] }}
        {%- else %}
        when {{ t['first'] }} = {{ name_ascii_expr }} then {{ t['first'] }}
        when {{ f['first'] }} then {{ t['last'] }}
        when {{ f['second'] }} and {{ t['second'] }} != {{ t['last'] }} then {{ t['first'] }}
        when {{ f['last'] }} then {{ t['before_last'] }}
        else {{ t['first'] }}
        {%- endif %}
    end
{%- endmacro %}
