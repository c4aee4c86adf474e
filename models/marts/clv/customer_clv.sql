{#- Predicted and historical customer lifetime value of every customer with a completed order on or
    before the calibration end (int_clv_customer_summaries), from the parameters in
    clv_model_parameters, computed in SQL the same way on every engine (cdp.clv holds the same
    formulas in Python, the reference the tests compare with; docs/metrics.md "CLV"):
    p_alive = 1 / (1 + [x > 0] a / (b + x - 1) ((alpha + T) / (alpha + t_x))^(r + x));
    expected_purchases over t = var clv_horizon_months months in time units =
    c / (a - 1) (1 - (1 - z)^(a - 1) 2F1(c - r - x, a - 1; c; z)) p_alive with c = a + b + x - 1 and
    z = t / (alpha + T + t) (FHL 2005 eq. 10 through Euler's transformation, or as written when
    a > r + x + 1, whichever series converges faster; at |a - 1| < 1e-6 the mean of a = 1 -+ 1e-6); expected_average_order_value_vnd = p (v + x m_x) / (p x + q - 1);
    predicted_clv_vnd = their product (undiscounted). 2F1 is summed per distinct (frequency, tenure),
    not per customer. Grain: one row per customer_id. -#}
{%- set horizon_months = cdp.positive_number_var('clv_horizon_months') -%}
{%- set max_terms = cdp.positive_number_var('clv_series_max_terms') | int -%}
with

summaries as (

    select
        customer_id,
        calibration_end_date,
        time_unit_days,
        frequency,
        recency,
        tenure,
        monetary_value,
        net_revenue_vnd
    from {{ ref('int_clv_customer_summaries') }}

),

parameters as (

    select
        r,
        alpha,
        a,
        b,
        p,
        q,
        v,
        time_unit_days
    from {{ ref('clv_model_parameters') }}

),

a_offsets as (

    select -1e-6 as a_offset
    union all
    select 1e-6 as a_offset

),

{# BG/NBD's expected purchases are 0/0 at a = 1: there the mean of the values at a = 1 -+ 1e-6. #}
bgnbd_variants as (

    select
        r,
        alpha,
        b,
        a as a_variant,
        1.0 as variant_weight,
        {{ horizon_months }} * 365.25 / 12 / time_unit_days as horizon
    from parameters
    where abs(a - 1) >= 1e-6

    union all

    select
        parameters.r,
        parameters.alpha,
        parameters.b,
        1 + a_offsets.a_offset as a_variant,
        0.5 as variant_weight,
        {{ horizon_months }} * 365.25 / 12 / parameters.time_unit_days as horizon
    from parameters
    cross join a_offsets
    where abs(parameters.a - 1) < 1e-6

),

customer_states as (

    select distinct
        frequency,
        tenure
    from summaries

),

{# The bracket of expected purchases is 1 - (1 - z)^e 2F1(A, B; c; z), either as FHL write it
    (e = r + x, A = r + x, B = b + x: terms ~ n^(r + x - a) z^n) or after Euler's transformation
    (e = a - 1, A = c - r - x, B = a - 1: terms ~ n^(a - r - x - 2) z^n); the form whose terms decay
    faster is summed (Euler's unless a > r + x + 1). #}
series_forms as (

    select
        customer_states.frequency,
        customer_states.tenure,
        bgnbd_variants.a_variant,
        bgnbd_variants.variant_weight,
        bgnbd_variants.a_variant > bgnbd_variants.r + customer_states.frequency + 1 as is_untransformed,
        bgnbd_variants.a_variant + bgnbd_variants.b + customer_states.frequency - 1 as lower_c,
        bgnbd_variants.r,
        bgnbd_variants.b,
        bgnbd_variants.horizon
        / (bgnbd_variants.alpha + customer_states.tenure + bgnbd_variants.horizon) as z
    from customer_states
    cross join bgnbd_variants

),

series_inputs as (

    select
        frequency,
        tenure,
        a_variant,
        variant_weight,
        lower_c,
        z,
        case when is_untransformed then r + frequency else lower_c - r - frequency end as upper_a,
        case when is_untransformed then b + frequency else a_variant - 1 end as upper_b,
        case when is_untransformed then r + frequency else a_variant - 1 end as z_exponent
    from series_forms

),

series_sized as (

    {#- Enough terms for z^n to fall under 1e-17, and 64 more (the chosen form's terms decay faster
        than z^n); last_term tells whether it sufficed. -#}
    select
        *,
        least(
            {{ max_terms }},
            cast(ceil(ln(1e-17) / ln(z)) as integer) + 64
        ) as term_count
    from series_inputs

),

hypergeometric as (

    {{ cdp.clv_hyp2f1('series_sized', ['frequency', 'tenure', 'a_variant'], max_terms) | indent(4) }}

),

purchases_if_alive as (

    select
        series_sized.frequency,
        series_sized.tenure,
        sum(
            series_sized.variant_weight
            * series_sized.lower_c / (series_sized.a_variant - 1)
            * (1 - power(1 - series_sized.z, series_sized.z_exponent) * hypergeometric.hyp2f1)
        ) as expected_purchases_if_alive,
        max(hypergeometric.last_term) as series_last_term,
        max(series_sized.term_count) as series_terms
    from series_sized
    inner join hypergeometric
        on
            series_sized.frequency = hypergeometric.frequency
            and series_sized.tenure = hypergeometric.tenure
            and series_sized.a_variant = hypergeometric.a_variant
    group by
        series_sized.frequency,
        series_sized.tenure

),

alive as (

    select
        summaries.*,
        parameters.p,
        parameters.q,
        parameters.v,
        case
            when summaries.frequency > 0
                then
                    ln(parameters.a) - ln(parameters.b + summaries.frequency - 1)
                    + (parameters.r + summaries.frequency)
                    * ln((parameters.alpha + summaries.tenure) / (parameters.alpha + summaries.recency))
        end as log_odds_dead
    from summaries
    cross join parameters

),

predicted as (

    select
        alive.customer_id,
        alive.calibration_end_date,
        alive.time_unit_days,
        alive.frequency,
        alive.recency,
        alive.tenure,
        alive.monetary_value,
        alive.net_revenue_vnd,
        case
            when alive.log_odds_dead is null then 1.0
            when alive.log_odds_dead > 700 then 0.0
            else 1 / (1 + exp(alive.log_odds_dead))
        end as p_alive,
        purchases_if_alive.expected_purchases_if_alive,
        purchases_if_alive.series_terms,
        purchases_if_alive.series_last_term,
        case
            when alive.q > 1
                then
                    alive.p
                    * (alive.v + alive.frequency * (case when alive.frequency > 0 then alive.monetary_value else 0 end))
                    / (alive.p * alive.frequency + alive.q - 1)
        end as expected_average_order_value_vnd
    from alive
    inner join purchases_if_alive
        on
            alive.frequency = purchases_if_alive.frequency
            and alive.tenure = purchases_if_alive.tenure

),

final as (

    select
        customer_id,
        calibration_end_date,
        time_unit_days,
        {{ horizon_months }} as horizon_months,
        frequency,
        recency,
        tenure,
        monetary_value as monetary_value_vnd,
        p_alive,
        expected_purchases_if_alive * p_alive as expected_purchases,
        expected_average_order_value_vnd,
        expected_purchases_if_alive * p_alive * expected_average_order_value_vnd as predicted_clv_vnd,
        net_revenue_vnd as historical_clv_vnd,
        series_terms,
        series_last_term
    from predicted

)

select * from final
