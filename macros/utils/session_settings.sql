{#- Planner settings for the transaction of every model (a project-wide pre-hook, dbt_project.yml); empty,
    so no statement at all, where the engine needs none. PostgreSQL (measured at 5,000 people):
    - jit off: the long CASE expressions of staging cost JIT compilation far more than they run
      (base_web__events: 30 s of 33 s compiling);
    - nested loops discouraged: the rows of a CTE read more than once are estimated badly, and nested
      loops over tens of thousands of identifiers took int_identity_edges_deterministic 437 s (6.5 s
      without).
    `set local` ends with the model's transaction. -#}
{% macro session_settings() -%}
    {{ return(adapter.dispatch('session_settings', 'cdp')()) }}
{%- endmacro %}

{% macro default__session_settings() -%}
{%- endmacro %}

{% macro postgres__session_settings() -%}
    set local jit = off;
    set local enable_nestloop = off
{%- endmacro %}
