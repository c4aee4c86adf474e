{#- The time of the current dbt invocation (run_started_at, UTC) as a timestamp literal: when
    audience_membership_history records entries and exits. -#}
{% macro activation_build_at() -%}
    cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S") }}' as {{ dbt.type_timestamp() }})
{%- endmacro %}
