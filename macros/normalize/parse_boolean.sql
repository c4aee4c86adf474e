{#- Boolean from the usual spellings (true/false, t/f, 1/0, yes/no, y/n, có/không); null otherwise. -#}
{% macro parse_boolean(expr) -%}
    case lower({{ cdp.clean_text(expr) }})
        when 'true' then true when 't' then true when '1' then true when 'yes' then true
        when 'y' then true when 'có' then true when 'co' then true
        when 'false' then false when 'f' then false when '0' then false when 'no' then false
        when 'n' then false when 'không' then false when 'khong' then false
    end
{%- endmacro %}
