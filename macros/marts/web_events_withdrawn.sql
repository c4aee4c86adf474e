{#- The web events withdrawn since `since` (a timestamp expression): staged again after it, and no longer
    yielded by staging, because their new delivery replaced the stored row and is quarantined (a time
    that cannot be read, say). A query of one column, event_id. An incremental run of
    fct_customer_events cuts the sessions of their visitors again without them, and its post_hook
    deletes their rows (docs/scaling.md "The timeline and the sessions"). -#}
{% macro web_events_withdrawn(since) -%}
    select event_id
    from {{ ref('base_web__events') }}
    where _staged_at > {{ since }} and event_id is not null
    except
    select event_id
    from {{ ref('stg_web__events') }}
    where _staged_at > {{ since }}
{%- endmacro %}
