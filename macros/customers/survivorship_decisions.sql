{#- Survivorship: the decisions of int_customer_attributes_chosen (its docstring has the rules) over a
    relation of candidates shaped as int_customer_attribute_candidates_unioned: for each customer and
    attribute with a candidate, the winner, the runner-up and the strategy that decided. A query with
    its own CTEs; a customer's decisions depend on its candidates only (and on var customer_survivorship),
    so the candidates of some customers give those customers' decisions (customer_attribute_lineage's
    incremental run). -#}
{% macro survivorship_decisions(candidates) -%}
{%- set attributes = cdp.survivorship_attributes() %}
with

candidates as (

    select * from {{ candidates }}

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
{%- endmacro %}
