{#- Remove Vietnamese (and common Latin) diacritics, including Đ/đ -> D/d, which Unicode
    decomposition (and DuckDB's strip_accents) leaves untouched. translate() exists on every engine. -#}
{% macro strip_diacritics(expr) -%}
    {{ return(adapter.dispatch('strip_diacritics', 'cdp')(expr)) }}
{%- endmacro %}

{% macro default__strip_diacritics(expr) -%}
    translate(
        {{ expr }},
        'àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđÀÁẠẢÃÂẦẤẬẨẪĂẰẮẶẲẴÈÉẸẺẼÊỀẾỆỂỄÌÍỊỈĨÒÓỌỎÕÔỒỐỘỔỖƠỜỚỢỞỠÙÚỤỦŨƯỪỨỰỬỮỲÝỴỶỸĐçÇñÑäÄëËïÏöÖüÜ',
        'aaaaaaaaaaaaaaaaaeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyydAAAAAAAAAAAAAAAAAEEEEEEEEEEEIIIIIOOOOOOOOOOOOOOOOOUUUUUUUUUUUYYYYYDcCnNaAeEiIoOuU'
    )
{%- endmacro %}

{% macro duckdb__strip_diacritics(expr) -%}
    strip_accents(replace(replace({{ expr }}, 'đ', 'd'), 'Đ', 'D'))
{%- endmacro %}
