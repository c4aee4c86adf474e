{#- Every combination of recency score and frequency score (1-5 each, 25 in all) falls in exactly one
    rfm_segments rule: returns each combination matched by no rule or by more than one, with the
    rules that match it. -#}
with

scores as (

    select 1 as score
    union all
    select 2 as score
    union all
    select 3 as score
    union all
    select 4 as score
    union all
    select 5 as score

),

combinations as (

    select
        r_scores.score as r_score,
        f_scores.score as f_score
    from scores as r_scores
    cross join scores as f_scores

),

matches as (

    select
        combinations.r_score,
        combinations.f_score,
        count(rules.rfm_segment) as matching_rules,
        min(rules.rfm_segment) as first_matching_segment,
        max(rules.rfm_segment) as last_matching_segment
    from combinations
    left join {{ ref('rfm_segments') }} as rules
        on
            combinations.r_score between rules.r_score_min and rules.r_score_max
            and combinations.f_score between rules.f_score_min and rules.f_score_max
    group by
        combinations.r_score,
        combinations.f_score

),

final as (

    select *
    from matches
    where matching_rules <> 1

)

select * from final
