{#- Lineage of the golden record: for every customer and every attribute of dim_customers decided by
    survivorship, the chosen value, the source record it comes from, when that record saw it, the
    strategy that chose it over the best different value (decided_by) and the competition (candidate
    and distinct value counts, the runner-up). An attribute with no usable candidate has a row too:
    value null, decided_by 'no_valid_candidate'. strategies shows the configured order
    (var customer_survivorship). "Why is this her phone?":
    select * from marts.customer_attribute_lineage where customer_id = '…' and attribute = 'phone'.
    Grain: one row per (customer_id, attribute), every customer of customer_identity_map. -#}
with

customers as (

    {#- Every customer of the identity map, one row each (no distinct over its 5.2M records at 1M). -#}
    select customer_id
    from {{ ref('int_customers_identified') }}

),

attributes as (

    {{ cdp.survivorship_attributes_values() }}

),

chosen as (

    select * from {{ ref('int_customer_attributes_chosen') }}

),

final as (

    select
        customers.customer_id,
        attributes.attribute,
        attributes.attribute_order,
        chosen.value,
        chosen.source_table,
        chosen.source_record_id,
        chosen.observed_at,
        {#- Filled only where no decision exists: a null inside a decision stays null and fails the
            not_null tests. -#}
        case when chosen.customer_id is null then 'no_valid_candidate' else chosen.decided_by end as decided_by,
        attributes.strategies,
        case when chosen.customer_id is null then 0 else chosen.candidate_count end as candidate_count,
        case when chosen.customer_id is null then 0 else chosen.distinct_value_count end as distinct_value_count,
        case when chosen.customer_id is null then 0 else chosen.value_record_count end as value_record_count,
        chosen.runner_up_value,
        chosen.runner_up_source_table,
        chosen.runner_up_source_record_id
    from customers
    cross join attributes
    left join chosen
        on
            customers.customer_id = chosen.customer_id
            and attributes.attribute = chosen.attribute

)

select * from final
