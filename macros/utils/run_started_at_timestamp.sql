{#- The start of the current dbt invocation (run_started_at, UTC) as a timestamp literal to the
    microsecond: the _staged_at of the rows an incremental staging run parses, and the _built_at of the
    rows an incremental run of the timeline or the sessions writes (docs/scaling.md "Incremental runs").
    A model compares one with the other, so both are the same literal. -#}
{% macro run_started_at_timestamp() -%}
    cast('{{ run_started_at.strftime('%Y-%m-%d %H:%M:%S.%f') }}' as {{ dbt.type_timestamp() }})
{%- endmacro %}
