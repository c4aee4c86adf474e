{#- The embedded engine's limits, from the environment (docs/scaling.md): CDP_DUCKDB_MEMORY_LIMIT (e.g.
    '6GB' or '50%'; DuckDB spills what does not fit to a temporary folder next to the database file) and
    CDP_DUCKDB_THREADS (a whole number). Unset, DuckDB keeps its own defaults: 80 % of the memory and
    every core. Both are settings of the DuckDB instance, which every model of the run shares, so setting
    them once at the start of the run holds for all of it. Other engines size themselves (Spark's driver
    memory and cores in profiles.yml, PostgreSQL's server): nothing to do there. -#}
{% macro cdp_engine_limits() -%}
    {{ return(adapter.dispatch('cdp_engine_limits', 'cdp')()) }}
{%- endmacro %}

{% macro default__cdp_engine_limits() -%}
    select 1 as no_engine_limits
{%- endmacro %}

{% macro duckdb__cdp_engine_limits() -%}
    {%- set memory_limit = env_var('CDP_DUCKDB_MEMORY_LIMIT', '') | trim -%}
    {%- set threads = env_var('CDP_DUCKDB_THREADS', '') | trim -%}
    {%- if threads and not (threads.isdigit() and threads | int > 0) -%}
        {{ exceptions.raise_compiler_error("CDP_DUCKDB_THREADS must be a whole number above 0, got '" ~ threads ~ "'") }}
    {%- endif -%}
    {%- if memory_limit and not modules.re.match('^[0-9]+(\\.[0-9]+)?\\s*(%|[KMGT]i?B)$', memory_limit, modules.re.I) -%}
        {{ exceptions.raise_compiler_error("CDP_DUCKDB_MEMORY_LIMIT must be a size such as 6GB or 50%, got '" ~ memory_limit ~ "'") }}
    {%- endif -%}
    {%- if memory_limit %}
    set memory_limit = '{{ memory_limit }}';
    {%- endif %}
    {%- if threads %}
    set threads = {{ threads | int }};
    {%- endif %}
    {%- if not memory_limit and not threads %}
    select 1 as no_engine_limits
    {%- endif %}
{%- endmacro %}
