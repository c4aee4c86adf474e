{#- Lineage of the golden record: for every customer and every attribute of dim_customers decided by
    survivorship, the chosen value, the source record it comes from, when that record saw it, the
    strategy that chose it over the best different value (decided_by) and the competition (candidate
    and distinct value counts, the runner-up). An attribute with no usable candidate has a row too:
    value null, decided_by 'no_valid_candidate'. strategies shows the configured order
    (var customer_survivorship). "Why is this her phone?":
    select * from marts.customer_attribute_lineage where customer_id = '…' and attribute = 'phone'.
    Grain: one row per (customer_id, attribute), every customer of customer_identity_map.
    Incremental where var staging_incremental is true (DuckDB, PostgreSQL; docs/scaling.md "Incremental
    runs"): a customer's decisions depend on its candidates only, so a run compares each customer's
    candidates with the stored ones by their fingerprint (candidates_fingerprint, macro fingerprint_xor)
    and decides again, and replaces, only the customers that are new or whose candidates changed
    (delete+insert on customer_id); the post_hook deletes the customers that are gone (merged into
    another, erased, deleted at the source). Elsewhere (var false, Spark) a table rebuilt in full with a
    null fingerprint. What only a full build picks up: a change of var customer_survivorship (the
    strategies change the decisions, not the candidates, so no fingerprint changes) or of a seed the
    candidates read (the placeholder names of blocked_identifiers). -#}
{%- set fingerprinted = cdp.incremental_materialization() == 'incremental' %}
{{ config(
    materialized=cdp.incremental_materialization(),
    unique_key='customer_id',
    incremental_strategy='delete+insert',
    on_schema_change='fail',
    post_hook="{% if is_incremental() %}delete from {{ this }} as stored where not exists (select 1 from {{ ref('int_customers_identified') }} as customers where customers.customer_id = stored.customer_id){% endif %}"
) }}
-- depends_on: {{ ref('int_customer_attributes_chosen') }}
-- depends_on: {{ ref('int_customer_attribute_candidates_unioned') }}

with

customers as (

    {#- Every customer of the identity map, one row each (no distinct over its 5.2M records at 1M). -#}
    select customer_id
    from {{ ref('int_customers_identified') }}

),

attributes as (

    {{ cdp.survivorship_attributes_values() }}

),

{% if fingerprinted %}

candidates as materialized (

    select * from {{ ref('int_customer_attribute_candidates_unioned') }}

),

fingerprints as (

    {#- Each customer's candidates in one value, over every column the decisions read. -#}
    select
        customer_id,
        {{ cdp.fingerprint_xor([
            'attribute',
            'value',
            'value_key',
            'source_table',
            'source_record_id',
            'observed_at',
            'quality_rank',
            'token_count',
            'value_length'
        ]) | indent(8) }} as candidates_fingerprint
    from candidates
    group by customer_id

),

{% endif %}
{% if is_incremental() %}

stored as (

    select
        customer_id,
        candidates_fingerprint
    from {{ this }}
    where attribute_order = 1

),

{% endif %}

decided_customers as (

    {#- The customers this run decides: every one, or on an incremental run the new ones and those whose
        candidates changed (macro rows_to_write). -#}
    {{ cdp.rows_to_write(
        'customers', 'customer_id', 'fingerprints' if fingerprinted else none,
        fingerprint='candidates_fingerprint'
    ) | indent(4) }}

),

{% if fingerprinted %}

decided_candidates as (

    select candidates.*
    from candidates
    {%- if is_incremental() %}
    inner join decided_customers on candidates.customer_id = decided_customers.customer_id
    {%- endif %}

),

{% endif %}

chosen as (

    {% if fingerprinted -%}
        {{ cdp.survivorship_decisions('decided_candidates') | indent(4) }}
    {%- else -%}
        select * from {{ ref('int_customer_attributes_chosen') }}
    {%- endif %}

),

final as (

    select
        decided_customers.customer_id,
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
        chosen.runner_up_source_record_id,
        decided_customers.candidates_fingerprint,
        {{ cdp.run_started_at_timestamp() }} as _built_at
    from decided_customers
    cross join attributes
    left join chosen
        on
            decided_customers.customer_id = chosen.customer_id
            and attributes.attribute = chosen.attribute

)

select * from final
