{#- The channel a customer was seen in, from an identity record's source table: crm, online_shop
    (accounts and orders), in_store (till receipts), loyalty, web_app (website and app browsing),
    email, social (lead ads and chat), support. dim_customers lists them as channels_seen. -#}
{% macro source_channel(source_table) -%}
    case {{ source_table }}
        when 'crm_contacts' then 'crm'
        when 'shop_customers' then 'online_shop'
        when 'shop_orders' then 'online_shop'
        when 'pos_transactions' then 'in_store'
        when 'loyalty_members' then 'loyalty'
        when 'web_events' then 'web_app'
        when 'email_subscribers' then 'email'
        when 'social_leads' then 'social'
        when 'support_tickets' then 'support'
        else {{ source_table }}
    end
{%- endmacro %}
