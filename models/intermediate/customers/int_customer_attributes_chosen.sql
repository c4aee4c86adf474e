{#- Survivorship: for each customer and attribute with at least one usable candidate, the chosen value
    and why. Candidates are ranked by the attribute's strategies (var customer_survivorship, compiled by
    survivorship_order_by into one window over every attribute; final tie-break source_table,
    source_record_id); the winner is the first.
    The runner-up is the best candidate with a different value; decided_by names the first strategy
    whose keys differ between the two (survivorship_decided_by: 'tie_break' when only the final key
    did), or 'only_candidate' when every candidate carries the winner's value.
    Grain: one row per (customer_id, attribute) with a candidate.
    A view: its one reader, customer_attribute_lineage, stores every decision (dim_customers reads the
    chosen values there), so the 3.9M decisions at 1M people are not written twice. A table on Spark
    (macro view_materialization), where customer_attribute_lineage would plan the view's whole
    definition again. -#}
{{ config(materialized=cdp.view_materialization()) }}
{%- set attributes = cdp.survivorship_attributes() %}
with

candidates as (

    select * from {{ ref('int_customer_attribute_candidates_unioned') }}

),

value_counts as (

    {#- How many of the customer's records carry each value (most_frequent): an aggregate joined back,
        not a window, which had to sort every candidate by three keys (a third of the model's time at
        1M people). value_key is never null, so the join loses no candidate. -#}
    select
        customer_id,
        attribute,
        value_key,
        count(*) as value_record_count
    from candidates
    group by customer_id, attribute, value_key

),

keyed as (

    select
        candidates.customer_id,
        candidates.attribute,
        candidates.value,
        candidates.value_key,
        candidates.source_table,
        candidates.source_record_id,
        candidates.observed_at,
        candidates.quality_rank,
        candidates.token_count,
        candidates.value_length,
        case candidates.attribute
            {%- for attribute in attributes %}
                when '{{ attribute }}' then {{ cdp.survivorship_source_rank(attribute, 'candidates.source_table') }}
            {%- endfor %}
        end as source_rank,
        value_counts.value_record_count
    from candidates
    inner join value_counts
        on
            candidates.customer_id = value_counts.customer_id
            and candidates.attribute = value_counts.attribute
            and candidates.value_key = value_counts.value_key

),

ranked as (

    select
        *,
        row_number() over ranking as candidate_rank,
        first_value(value) over ranking as winner_value
    from keyed
    window ranking as (
        partition by customer_id, attribute
        order by
            {{ cdp.survivorship_order_by(attributes) | indent(12) }}
    )

),

winners as (

    select * from ranked
    where candidate_rank = 1

),

counted as (

    {#- winner_value comes from the same window as the rank (one sort), so the runner-up needs no join. -#}
    select
        customer_id,
        attribute,
        count(*) as candidate_count,
        count(distinct value) as distinct_value_count,
        min(case when value != winner_value then candidate_rank end) as runner_up_rank
    from ranked
    group by customer_id, attribute

),

final as (

    select
        winners.customer_id,
        winners.attribute,
        winners.value,
        winners.source_table,
        winners.source_record_id,
        winners.observed_at,
        case
            when runner_ups.customer_id is null then 'only_candidate'
            {%- for attribute in attributes %}
                when winners.attribute = '{{ attribute }}' then {{ cdp.survivorship_decided_by(attribute, 'winners', 'runner_ups') | indent(16) }}
            {%- endfor %}
        end as decided_by,
        counted.candidate_count,
        counted.distinct_value_count,
        winners.value_record_count,
        runner_ups.value as runner_up_value,
        runner_ups.source_table as runner_up_source_table,
        runner_ups.source_record_id as runner_up_source_record_id
    from winners
    inner join counted
        on
            winners.customer_id = counted.customer_id
            and winners.attribute = counted.attribute
    left join ranked as runner_ups
        on
            counted.customer_id = runner_ups.customer_id
            and counted.attribute = runner_ups.attribute
            and counted.runner_up_rank = runner_ups.candidate_rank

)

select * from final
