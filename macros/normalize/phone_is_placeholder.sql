{#- True for a valid-looking number nobody owns: listed in seed blocked_identifiers, or whose last nine
    digits are one repeated digit (+84999999999), whose last eight are zeros (+84700000000), or whose last
    eight are a straight run (…12345678). A number whose repeated run follows another digit is a vanity
    number (số đẹp: +84988888888, +84909999999): sold, owned and kept, so it stays a number. -#}
{% macro phone_is_placeholder(candidate) -%}
    {%- set blocked = cdp.seed_rows('blocked_identifiers', ['blocked_value'], "identifier_type = 'phone' and match_kind = 'exact'") -%}
    {%- set tail -%}substr({{ candidate }}, length({{ candidate }}) - 7){%- endset -%}
    {%- set tail_nine -%}substr({{ candidate }}, length({{ candidate }}) - 8){%- endset -%}
    coalesce(
        {{ candidate }} in {{ cdp.sql_string_list(blocked | map(attribute=0) | list) }}
        or (
            length({{ candidate }}) >= 9
            and (
                replace({{ tail_nine }}, left({{ tail_nine }}, 1), '') = ''
                or {{ tail }} in ('00000000', '12345678', '23456789', '98765432', '87654321')
            )
        ),
        false
    )
{%- endmacro %}
