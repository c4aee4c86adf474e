{#- The visitor of a web or app event: the erasure request's anonymous key for an erased person's
    event, else the anonymous id, else 'user:<user_id>' for an event a logged-in user sent without one.
    Worked out by int_web_events_resolved for the session windows, and again by
    int_web_events_sessionised on the events joined to their session (carrying the 32-character key
    through that 12M-row join at 1M people cost more than working it out again). -#}
{% macro web_visitor_key(erased_customer_key, anonymous_id, user_id) -%}
    coalesce({{ erased_customer_key }}, {{ anonymous_id }}, {{ dbt.concat(["'user:'", user_id]) }})
{%- endmacro %}
