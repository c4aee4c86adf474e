{#- Survivorship: for each customer and attribute with at least one usable candidate, the chosen value
    and why. Candidates are ranked by the attribute's strategies (var customer_survivorship, compiled by
    survivorship_order_by into one window over every attribute; final tie-break source_table,
    source_record_id); the winner is the first.
    The runner-up is the best candidate with a different value; decided_by names the first strategy
    whose keys differ between the two (survivorship_decided_by: 'tie_break' when only the final key
    did), or 'only_candidate' when every candidate carries the winner's value.
    Grain: one row per (customer_id, attribute) with a candidate.
    A view: its one reader, customer_attribute_lineage, stores every decision (dim_customers reads the
    chosen values there), so the 3.9M decisions at 1M people are not written twice. A table on Spark
    (macro view_materialization), where customer_attribute_lineage would plan the view's whole
    definition again. -#}
{{ config(materialized=cdp.view_materialization()) }}

{{ cdp.survivorship_decisions(ref('int_customer_attribute_candidates_unioned')) }}
