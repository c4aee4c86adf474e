{#- The single customer view: one row per resolved customer (customer_identity_map). The person
    attributes are the golden record chosen by survivorship (var customer_survivorship; the why of each
    value in customer_attribute_lineage); first and last seen, channels and records come from the
    identity map; consent per purpose from customer_consent (granted, revoked, unknown); whether the
    customer is known as a person from int_customers_identified; orders, revenue and historical CLV
    from int_customer_orders_summarised; acquisition from int_customers_acquired; RFM scores, segment
    and churn from customer_rfm; predicted CLV and p-alive from customer_clv (null for a customer
    without a completed order on or before the CLV calibration end).
    Grain: one row per customer_id. -#}
with

customers as (

    {#- The identity map carries each record's first and last sighting: no join of its 5.2M records
        back to int_identity_records_unioned at 1M people. -#}
    select
        customer_id,
        min(first_seen_at) as first_seen_at,
        max(last_seen_at) as last_seen_at,
        count(*) as source_record_count
    from {{ ref('customer_identity_map') }}
    group by customer_id

),

customer_channels as (

    select distinct
        customer_id,
        {{ cdp.source_channel('source_table') }} as channel
    from {{ ref('customer_identity_map') }}

),

channels_seen as (

    select
        customer_id,
        {{ cdp.sorted_listagg('channel', "', '") }} as channels_seen,
        count(*) as channel_count
    from customer_channels
    group by customer_id

),

attributes as (

    {#- The survivors, read where they are stored: the lineage (one row per customer and attribute,
        value null when no candidate was usable). -#}
    select
        customer_id,
        {%- for attribute in cdp.survivorship_attributes() %}
            max(case when attribute = '{{ attribute }}' then value end) as {{ attribute }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from {{ ref('customer_attribute_lineage') }}
    group by customer_id

),

consent as (

    select
        customer_id,
        {%- for purpose in var('consent_purposes') %}
            max(case when purpose = '{{ purpose }}' then consent_status end) as consent_{{ purpose }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from {{ ref('customer_consent') }}
    group by customer_id

),

identified as (

    select
        customer_id,
        is_identified,
        identified_at
    from {{ ref('int_customers_identified') }}

),

orders as (

    select
        customer_id,
        order_count,
        completed_order_count,
        online_order_count,
        in_store_order_count,
        first_order_at,
        last_order_at,
        net_revenue_vnd
    from {{ ref('int_customer_orders_summarised') }}

),

acquired as (

    select
        customer_id,
        acquired_at,
        acquisition_channel,
        acquisition_platform,
        acquisition_campaign_id
    from {{ ref('int_customers_acquired') }}

),

rfm as (

    select
        customer_id,
        r_score,
        f_score,
        m_score,
        rfm_cell,
        rfm_segment,
        days_since_last_order,
        is_churned
    from {{ ref('customer_rfm') }}

),

clv as (

    select
        customer_id,
        predicted_clv_vnd,
        p_alive
    from {{ ref('customer_clv') }}

),

provinces as (

    select
        province_code,
        province_name
    from {{ ref('vn_provinces') }}

),

final as (

    select
        customers.customer_id,
        identified.is_identified,
        identified.identified_at,
        attributes.full_name,
        attributes.email,
        attributes.phone,
        cast(attributes.date_of_birth as date) as date_of_birth,
        attributes.gender,
        attributes.province_code,
        provinces.province_name,
        customers.first_seen_at,
        customers.last_seen_at,
        channels_seen.channels_seen,
        channels_seen.channel_count,
        customers.source_record_count,
        {%- for purpose in var('consent_purposes') %}
            consent.consent_{{ purpose }},
        {%- endfor %}
        coalesce(orders.order_count, 0) as order_count,
        coalesce(orders.completed_order_count, 0) as completed_order_count,
        coalesce(orders.online_order_count, 0) as online_order_count,
        coalesce(orders.in_store_order_count, 0) as in_store_order_count,
        orders.first_order_at,
        orders.last_order_at,
        coalesce(orders.net_revenue_vnd, 0) as net_revenue_vnd,
        coalesce(orders.net_revenue_vnd, 0) as historical_clv_vnd,
        clv.predicted_clv_vnd,
        clv.p_alive,
        acquired.acquired_at,
        acquired.acquisition_channel,
        acquired.acquisition_platform,
        acquired.acquisition_campaign_id,
        rfm.rfm_segment,
        rfm.rfm_cell,
        rfm.r_score,
        rfm.f_score,
        rfm.m_score,
        rfm.days_since_last_order,
        rfm.is_churned
    from customers
    left join identified on customers.customer_id = identified.customer_id
    left join attributes on customers.customer_id = attributes.customer_id
    left join provinces on attributes.province_code = provinces.province_code
    left join channels_seen on customers.customer_id = channels_seen.customer_id
    left join consent on customers.customer_id = consent.customer_id
    left join orders on customers.customer_id = orders.customer_id
    left join acquired on customers.customer_id = acquired.customer_id
    left join rfm on customers.customer_id = rfm.customer_id
    left join clv on customers.customer_id = clv.customer_id

)

select * from final
