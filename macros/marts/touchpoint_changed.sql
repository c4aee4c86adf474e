{#- fct_customer_events' incremental runs: whether a staged touchpoint (relation `staged`) differs from
    its stored row (relation `stored`, left-joined on the touchpoint's key `key`): not stored yet, staged
    since the last run (new or delivered again; CTE last_build's built_at), or any of `columns` not the
    stored value (its customer merged, split or erased, its web visitor stitched). Rewriting a touchpoint
    that did not change costs time, never correctness, so a time earlier than the last run only widens
    the window. -#}
{% macro touchpoint_changed(staged, stored, key, columns) -%}
    {{ stored }}.{{ key }} is null
    or {{ staged }}._staged_at > last_build.built_at
    {%- for column in columns %}
    or {{ staged }}.{{ column }} is distinct from {{ stored }}.{{ column }}
    {%- endfor %}
{%- endmacro %}
