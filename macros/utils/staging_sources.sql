{#- The registry of raw tables: source, base model (every raw row, parsed and flagged), staging model
    and the column that names a record in quarantine. Quarantine and the row-conservation test are
    generated from it, so adding a source means adding one line here. -#}
{% macro staging_sources() -%}
    {{ return([
        {'source': 'crm', 'table': 'crm_contacts', 'base': 'base_crm__contacts', 'staging': 'stg_crm__contacts', 'record_id': 'contact_id'},
        {'source': 'shop', 'table': 'shop_customers', 'base': 'base_shop__customers', 'staging': 'stg_shop__customers', 'record_id': 'customer_id'},
        {'source': 'shop', 'table': 'shop_orders', 'base': 'base_shop__orders', 'staging': 'stg_shop__orders', 'record_id': 'order_id'},
        {'source': 'shop', 'table': 'shop_order_items', 'base': 'base_shop__order_items', 'staging': 'stg_shop__order_items', 'record_id': 'order_item_id'},
        {'source': 'pos', 'table': 'pos_transactions', 'base': 'base_pos__transactions', 'staging': 'stg_pos__transactions', 'record_id': 'transaction_id'},
        {'source': 'loyalty', 'table': 'loyalty_members', 'base': 'base_loyalty__members', 'staging': 'stg_loyalty__members', 'record_id': 'loyalty_card_id_as_delivered'},
        {'source': 'web', 'table': 'web_events', 'base': 'base_web__events', 'staging': 'stg_web__events', 'record_id': 'event_id'},
        {'source': 'email', 'table': 'email_subscribers', 'base': 'base_email__subscribers', 'staging': 'stg_email__subscribers', 'record_id': 'subscriber_id'},
        {'source': 'email', 'table': 'email_events', 'base': 'base_email__events', 'staging': 'stg_email__events', 'record_id': 'event_id'},
        {'source': 'social', 'table': 'social_leads', 'base': 'base_social__leads', 'staging': 'stg_social__leads', 'record_id': 'lead_id'},
        {'source': 'support', 'table': 'support_tickets', 'base': 'base_support__tickets', 'staging': 'stg_support__tickets', 'record_id': 'ticket_id'},
        {'source': 'ads', 'table': 'ad_spend', 'base': 'base_ads__spend', 'staging': 'stg_ads__spend', 'record_id': 'ad_spend_id'},
        {'source': 'privacy', 'table': 'consent_events', 'base': 'base_privacy__consent_events', 'staging': 'stg_privacy__consent_events', 'record_id': 'consent_id'},
        {'source': 'privacy', 'table': 'erasure_requests', 'base': 'base_privacy__erasure_requests', 'staging': 'stg_privacy__erasure_requests', 'record_id': 'request_id'},
    ]) }}
{%- endmacro %}
