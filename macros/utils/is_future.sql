{#- True when a UTC timestamp lies beyond now plus var('future_tolerance_hours'). -#}
{% macro is_future(ts) -%}
    coalesce({{ ts }} > {{ dbt.dateadd('hour', var('future_tolerance_hours'), cdp.utc_now()) }}, false)
{%- endmacro %}
