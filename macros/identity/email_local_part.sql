{#- The local part of an email address (before the '@'). -#}
{% macro email_local_part(expr) -%}
    {{ dbt.split_part(expr, "'@'", 1) }}
{%- endmacro %}
