{#- Rows of a lookup seed, read at compile time, so a normalisation macro can turn a lookup table into
    a CASE expression (no join in staging, one rule in one place). Calling ref() here records the
    seed as a parent of the calling model, so dbt builds the seed first. Returns [] while parsing.
    In a dbt unit test ref() knows only the test's mocked inputs (a fixture CTE, not a table) and the
    graph is empty, so the seed table is read from the seeds' schema ('reference', dbt_project.yml
    seeds: +schema): unit tests run with the project's lookup data, unmocked. -#}
{% macro seed_rows(seed_name, columns, where=none) -%}
    {%- if execute and model is mapping and model.get('resource_type') == 'unit_test' -%}
        {%- set relation = adapter.get_relation(
            database=target.database, schema=generate_schema_name('reference', none), identifier=seed_name) -%}
        {%- if relation is none -%}
            {{ exceptions.raise_compiler_error("seed_rows(): seed table '" ~ seed_name ~ "' not found in schema 'reference': run dbt seed (or dbt build) before the unit tests") }}
        {%- endif -%}
    {%- else -%}
        {%- set relation = ref(seed_name) -%}
    {%- endif -%}
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
