{#- Customer satisfaction and resolution time of support tickets. Grain: one row per Vietnamese
    business month of ticket creation x ticket channel x category. -#}
with

tickets as (

    select
        ticket_id,
        channel,
        category,
        created_at,
        resolved_at,
        csat_score
    from {{ ref('stg_support__tickets') }}

),

measured as (

    select
        ticket_id,
        {{ cdp.local_month('created_at') }} as ticket_month,
        channel,
        coalesce(category, 'unknown') as category,
        csat_score,
        resolved_at is not null and resolved_at < created_at as is_resolved_before_created,
        case
            when resolved_at >= created_at
                then {{ dbt.datediff('created_at', 'resolved_at', 'second') }} / 3600.0
        end as resolution_hours
    from tickets

),

aggregated as (

    select
        ticket_month,
        channel,
        category,
        count(*) as tickets,
        count(csat_score) as rated_tickets,
        count(case when csat_score >= 4 then 1 end) as satisfied_tickets,
        coalesce(sum(csat_score), 0) as csat_score_sum,
        count(resolution_hours) as resolved_tickets,
        count(case when is_resolved_before_created then 1 end) as resolved_before_created_tickets,
        {{ cdp.median('resolution_hours') }} as median_resolution_hours,
        avg(resolution_hours) as avg_resolution_hours
    from measured
    group by
        ticket_month,
        channel,
        category

),

final as (

    select
        ticket_month,
        channel,
        category,
        cast(tickets as {{ dbt.type_bigint() }}) as tickets,
        cast(rated_tickets as {{ dbt.type_bigint() }}) as rated_tickets,
        cast(satisfied_tickets as {{ dbt.type_bigint() }}) as satisfied_tickets,
        cast(csat_score_sum as {{ dbt.type_bigint() }}) as csat_score_sum,
        {{ cdp.ratio('csat_score_sum', 'rated_tickets') }} as avg_csat,
        {{ cdp.ratio('satisfied_tickets', 'rated_tickets') }} as satisfied_share,
        cast(resolved_tickets as {{ dbt.type_bigint() }}) as resolved_tickets,
        cast(resolved_before_created_tickets as {{ dbt.type_bigint() }}) as resolved_before_created_tickets,
        cast(median_resolution_hours as {{ cdp.type_double() }}) as median_resolution_hours,
        cast(avg_resolution_hours as {{ cdp.type_double() }}) as avg_resolution_hours
    from aggregated

)

select * from final
