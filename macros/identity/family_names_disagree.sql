{#- True when both profiles have a family name (family_name_key) and the two differ: the name parse
    (macro name_part) read them in different orders, or they are different families. False when
    either is unknown. Takes the table aliases of the two profiles. -#}
{% macro family_names_disagree(left, right) -%}
    coalesce({{ left }}.family_name_key != {{ right }}.family_name_key, false)
{%- endmacro %}
