{#- 'female', 'male' or null from English and Vietnamese spellings (F/M, Nữ/Nam). -#}
{% macro normalize_gender(expr) -%}
    case lower({{ cdp.strip_diacritics(cdp.clean_text(expr)) }})
        when 'f' then 'female' when 'female' then 'female' when 'nu' then 'female' when 'woman' then 'female'
        when 'm' then 'male' when 'male' then 'male' when 'nam' then 'male' when 'man' then 'male'
    end
{%- endmacro %}
