{#- Each survivorship strategy as the candidate columns it sorts by, best first. The columns are made
    by int_customer_attributes_chosen from int_customer_attribute_candidates_unioned:
    source_rank (1 = first listed source), observed_at (the record's last_seen_at), value_record_count
    (records of the customer carrying the value, in matching form), quality_rank (0 = verified form),
    token_count and value_length. Each is a number but observed_at, a timestamp: survivorship_order_by
    sorts them all in one window as numbers. -#}
{% macro survivorship_strategy_keys() -%}
    {{ return({
        'source_priority': [['source_rank', 'asc']],
        'most_recent': [['observed_at', 'desc']],
        'most_frequent': [['value_record_count', 'desc']],
        'valid_first': [['quality_rank', 'asc']],
        'most_complete': [['token_count', 'desc'], ['value_length', 'desc']],
    }) }}
{%- endmacro %}
