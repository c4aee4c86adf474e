{#- The raw values of a row as one readable text ('contact_id=CRM-1 | email=… | phone=∅'), kept in
    quarantine so nothing is lost and every rejection can be inspected. -#}
{% macro raw_record(columns) -%}
    {%- set parts = [] -%}
    {%- for column in columns -%}
        {%- do parts.append("'" ~ column ~ "='") -%}
        {%- do parts.append("coalesce(cast(" ~ adapter.quote(column) ~ " as " ~ dbt.type_string() ~ "), '∅')") -%}
        {%- if not loop.last -%}{%- do parts.append("' | '") -%}{%- endif -%}
    {%- endfor -%}
    {{ dbt.concat(parts) }}
{%- endmacro %}
