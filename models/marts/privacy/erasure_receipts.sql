{{
    config(
        materialized='incremental',
        unique_key='request_id',
        incremental_strategy=cdp.incremental_strategy(),
        on_schema_change='fail',
        post_hook="{{ cdp.incremental_previous_cleanup() }}"
    )
}}

{#- One receipt per erasure request (docs/privacy.md "Receipts"): what this build removed for it and
    when it was first processed. status: completed (the subject matched one customer, or a customer_id
    named one, whose every record is left out of the marts), ambiguous_subject (an email or phone that
    several customers carry, a household phone: nobody is erased, reason shared_identifier,
    resolved_customer_count says how many carry it; ask again by customer_id), subject_not_found (no
    current record carries the subject; its key is suppressed all the same) or invalid_subject (the request cannot be used: reason is its
    quarantine code, e.g. invalid_value for a subject that does not normalise, unparseable_timestamp,
    conflicting_duplicate for a request_id delivered with two different subjects;
    the row is also in stg_quarantine__rows). A malformed request is read from the base model so it gets
    a receipt too; a row without a request_id cannot and is only quarantined (missing_key). The counts
    are those of this build: records_removed_<source_table> per identity input (var identity_inputs).
    processed_at: when the request's first identifier entered the suppression list (stable across
    builds), else this build's time. No subject value is kept. Incremental: the receipt of a request no
    longer delivered (the requests table drained) is kept as its last build wrote it, so receipts are an
    audit log; every run selects the complete new state (macro incremental_strategy). Grain: one row per
    request_id. -#}
{%- set source_tables = [] %}
{%- for input in var('identity_inputs') %}
    {%- do source_tables.append(input.source_table) %}
{%- endfor %}
with

delivered as (

    {#- One row per request_id: its usable row, else its latest quarantined one, a row without a
        readable time last on every engine (two rows naming different subjects are both quarantined as
        conflicting_duplicate). -#}
    select
        request_id,
        subject_type,
        requested_at,
        quarantine_reason,
        row_number() over (
            partition by request_id
            order by case when quarantine_reason is null then 0 else 1 end asc, requested_at desc nulls last, subject_type asc
        ) as delivery_rank
    from {{ ref('base_privacy__erasure_requests') }}
    where request_id is not null and not is_duplicate

),

requests as (

    select
        request_id,
        subject_type,
        requested_at,
        quarantine_reason
    from delivered
    where delivery_rank = 1

),

matched as (

    select
        request_id,
        customer_id
    from {{ ref('int_erasure_requests_matched') }}
    where customer_id is not null

),

erased_records as (

    select
        record_key,
        source_table,
        customer_id
    from {{ ref('int_erasure_records_resolved') }}

),

suppressed as (

    select
        request_id,
        suppressed_at
    from {{ ref('erasure_suppression_list') }}

),

ambiguous as (

    select distinct
        request_id,
        matched_customer_count
    from {{ ref('int_erasure_requests_matched') }}
    where is_ambiguous

),

customer_counts as (

    select
        request_id,
        count(distinct customer_id) as resolved_customer_count
    from matched
    group by request_id

),

record_counts as (

    select
        matched.request_id,
        {%- for source_table in source_tables %}
            count(distinct case when erased_records.source_table = '{{ source_table }}' then erased_records.record_key end)
                as records_removed_{{ source_table }},
        {%- endfor %}
        count(distinct erased_records.record_key) as records_removed
    from matched
    inner join erased_records on matched.customer_id = erased_records.customer_id
    group by matched.request_id

),

suppression_counts as (

    select
        request_id,
        count(*) as identifiers_suppressed,
        min(suppressed_at) as first_suppressed_at
    from suppressed
    group by request_id

),

current_receipts as (

    select
        requests.request_id,
        requests.subject_type,
        case
            when requests.quarantine_reason is not null then 'invalid_subject'
            when ambiguous.request_id is not null then 'ambiguous_subject'
            when customer_counts.request_id is null then 'subject_not_found'
            else 'completed'
        end as status,
        coalesce(
            requests.quarantine_reason, case when ambiguous.request_id is not null then 'shared_identifier' end
        ) as reason,
        coalesce(customer_counts.resolved_customer_count, ambiguous.matched_customer_count, 0)
            as resolved_customer_count,
        coalesce(record_counts.records_removed, 0) as records_removed,
        {%- for source_table in source_tables %}
            coalesce(record_counts.records_removed_{{ source_table }}, 0) as records_removed_{{ source_table }},
        {%- endfor %}
        coalesce(suppression_counts.identifiers_suppressed, 0) as identifiers_suppressed,
        requests.requested_at,
        coalesce(
            suppression_counts.first_suppressed_at,
            cast({{ dbt.current_timestamp() }} as {{ dbt.type_timestamp() }})
        ) as processed_at
    from requests
    left join ambiguous on requests.request_id = ambiguous.request_id
    left join customer_counts on requests.request_id = customer_counts.request_id
    left join record_counts on requests.request_id = record_counts.request_id
    left join suppression_counts on requests.request_id = suppression_counts.request_id

),

previous_receipts as (

    {% if is_incremental() %}
        select * from {{ cdp.incremental_previous_relation() }}
    {% else %}
        select * from current_receipts
        where 1 = 0
    {% endif %}

),

final as (

    select * from current_receipts
    union all
    select previous_receipts.*
    from previous_receipts
    left join current_receipts on previous_receipts.request_id = current_receipts.request_id
    where current_receipts.request_id is null

)

select * from final
