{#- Rows of a lookup seed, read at compile time, so a normalisation macro can turn a lookup table into
    a CASE expression (no join in staging, one rule in one place). Calling ref() here records the
    seed as a parent of the calling model, so dbt builds the seed first. Returns [] while parsing. -#}
{% macro seed_rows(seed_name, columns, where=none) -%}
    {%- set relation = ref(seed_name) -%}
    {%- if not execute -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set query -%}
        select {{ columns | join(', ') }} from {{ relation }}
        {%- if where %} where {{ where }}{% endif %}
        order by {% for column in columns %}{{ loop.index }}{{ ', ' if not loop.last }}{% endfor %}
    {%- endset -%}
    {%- set result = run_query(query) -%}
    {{ return(result.rows | list) }}
{%- endmacro %}
