{#- The identity source tables a survivorship `sources` list may name: the source_table values of
    int_identity_records_unioned. -#}
{% macro survivorship_sources() -%}
    {{ return([
        'crm_contacts', 'shop_customers', 'shop_orders', 'pos_transactions', 'loyalty_members',
        'web_events', 'email_subscribers', 'social_leads', 'support_tickets',
    ]) }}
{%- endmacro %}
