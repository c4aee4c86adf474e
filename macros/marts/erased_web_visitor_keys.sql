{#- The visitor keys (macro web_visitor_key) that erasure retires: the anonymous ids and the
    'user:<user_id>' of the erased web records and shop accounts (int_erasure_records_resolved), whose
    events now belong to the erasure request's anonymous key. A query of one column, visitor_key: the
    pre_hook of an incremental run of fct_web_sessions deletes their sessions. -#}
{% macro erased_web_visitor_keys() -%}
    select
        {{ cdp.web_visitor_key(
            'cast(null as ' ~ dbt.type_string() ~ ')',
            "case when source_table = 'web_events' then source_record_id end",
            "case when source_table = 'shop_customers' then source_record_id end"
        ) }} as visitor_key
    from {{ ref('int_erasure_records_resolved') }}
    where source_table in ('web_events', 'shop_customers')
{%- endmacro %}
