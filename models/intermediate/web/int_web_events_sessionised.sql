{#- Every staged web and app event with its visitor, its customer and its session (docs/marts.md,
    fct_web_sessions). The visitor and the customer come from int_web_events_resolved. A visitor's
    events, in time order, start a new session after a gap longer than
    var('web_session_inactivity_minutes'); a gap of exactly that long stays in the session.
    Grain: one row per event_id. A view: its one reader, fct_customer_events, stores the events with
    their session (fct_web_sessions and attribution read them there), so the 12M rows at 1M people are
    written once. The query is macro web_events_sessionised, which an incremental run of
    fct_customer_events embeds over the visitors it rewrites. -#}
{{ config(materialized='view') }}

{{ cdp.web_events_sessionised(ref('int_web_events_resolved')) }}
