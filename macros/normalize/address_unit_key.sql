{#- The name after the first marker of a level ('ward': |w |x |t; 'district': |q |h |s) in the
    district column, else in the address line; the first segment of a district column that starts without
    a marker ('Bình Thạnh', 'Hoàn Kiếm, Hà Nội') is a district. -#}
{% macro address_unit_key(address, district, level) -%}
    {%- set levels = {'ward': 'wxt', 'district': 'qhs'} -%}
    {%- if level not in levels -%}
        {{ exceptions.raise_compiler_error("address_unit_key(): level must be 'ward' or 'district', not '" ~ level ~ "'") }}
    {%- endif -%}
    {%- set pattern = '[|][' ~ levels[level] ~ '] ([^|]*)' -%}
    {%- set candidates = [] -%}
    {%- if district is not none -%}
        {%- do candidates.append('nullif(trim(' ~ cdp.regexp_extract(district, pattern) ~ "), '')") -%}
        {%- if level == 'district' -%}
            {%- do candidates.append('nullif(trim(' ~ cdp.regexp_extract(district, '^([^|]+)') ~ "), '')") -%}
        {%- endif -%}
    {%- endif -%}
    {%- do candidates.append('nullif(trim(' ~ cdp.regexp_extract(address, pattern) ~ "), '')") -%}
    coalesce({{ candidates | join(', ') }})
{%- endmacro %}
