{#- The key of a web or app session, '<visitor_key>:<session_number>' ('a1b2:3' is visitor a1b2's third
    session): built by int_web_events_sessionised on every event and by fct_web_sessions on every
    session, from the same two columns. -#}
{% macro web_session_key(visitor_key, session_number) -%}
    {{ dbt.concat([visitor_key, "':'", dbt.safe_cast(session_number, dbt.type_string())]) }}
{%- endmacro %}
