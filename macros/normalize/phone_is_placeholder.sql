{#- True for a valid-looking number nobody owns: listed in seed blocked_identifiers, or whose
    national part is one repeated digit (+84999999999) or a straight run (…123456789). -#}
{% macro phone_is_placeholder(candidate) -%}
    {%- set blocked = cdp.seed_rows('blocked_identifiers', ['blocked_value'], "identifier_type = 'phone' and match_kind = 'exact'") -%}
    {%- set tail -%}substr({{ candidate }}, length({{ candidate }}) - 7){%- endset -%}
    coalesce(
        {{ candidate }} in {{ cdp.sql_string_list(blocked | map(attribute=0) | list) }}
        or (
            length({{ candidate }}) >= 9
            and (
                replace({{ tail }}, left({{ tail }}, 1), '') = ''
                or {{ tail }} in ('12345678', '23456789', '98765432', '87654321')
            )
        ),
        false
    )
{%- endmacro %}
