{#- The select list of a raw table's columns as every staging rule reads them: each through
    text_normalised (Unicode spaces as spaces, invisible characters dropped, letters composed), under
    its own name. The first CTE of every staging base model selects them (incremental_source, or the
    model's own source CTE), so the fingerprint (raw_hash), the quarantine's raw_record and every
    parsed value see the same text. The loader's _loaded_at is not read by staging and is left out. -#}
{% macro raw_text_columns(raw_columns) -%}
    {%- for column in raw_columns %}
        {{ cdp.text_normalised(adapter.quote(column)) }} as {{ adapter.quote(column) }}{{ ',' if not loop.last }}
    {%- endfor %}
{%- endmacro %}
