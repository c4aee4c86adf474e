{#- Every customer id under which the marts' histories may hold an erased person's rows: the ids of the
    customers this build erases (int_erasure_customers_resolved) and every id their records carried
    before (int_customer_id_history: an id retired by a merge). An earlier id that records of a customer
    who is not erased carry today is left out: it is that customer's now (a split gave it to the larger
    part), and purging it would delete another person's rows. int_customer_ids_kept leaves these ids
    out, so the histories (audience_membership_history, customer_traits_daily) drop their rows.
    Grain: one row per customer_id. -#}
with

erased_customers as (

    select customer_id
    from {{ ref('int_erasure_customers_resolved') }}

),

erased_records as (

    select record_key
    from {{ ref('int_erasure_records_resolved') }}

),

earlier_ids as (

    select distinct history.customer_id
    from {{ ref('int_customer_id_history') }} as history
    inner join erased_records on history.record_key = erased_records.record_key

),

kept_ids as (

    {#- The ids of the customers who stay: their records are retained. -#}
    select distinct customer_id
    from {{ ref('int_customer_ids_retained') }}

),

final as (

    select customer_id from erased_customers
    union
    select earlier_ids.customer_id
    from earlier_ids
    left join kept_ids on earlier_ids.customer_id = kept_ids.customer_id
    where kept_ids.customer_id is null

)

select * from final
