{#- A select of the Gauss hypergeometric function 2F1(A, B; C; z) = sum over n >= 0 of
    (A)_n (B)_n / ((C)_n n!) z^n, summed term by term in SQL for every row of the relation `inputs`
    (a CTE name) with the columns `keys` and upper_a, upper_b, lower_c, z (0 <= z < 1) and term_count.
    Term n + 1 is term n times (A + n)(B + n) / ((C + n)(n + 1)) z; the product is taken as the sum of
    the factors' logarithms with their signs counted apart (a term under e^-700 is 0), so every engine
    adds the same terms. Rows of `keys` and hyp2f1 (terms 0 to term_count) and last_term (|term
    term_count|: the size of the first term left out, to check that the series converged).
    cdp.clv.expected_purchases calls it after Euler's transformation, where the terms decay like
    n^(a - r - x - 2) z^n (docs/metrics.md "CLV"). `max_terms` (compile time) bounds term_count. -#}
{% macro clv_hyp2f1(inputs, keys, max_terms) -%}
    {%- set key_list = keys | join(', ') -%}
    with

    term_numbers as (

        select cast(generated_number as integer) as term_number
        from ({{ dbt.generate_series(max_terms) }}) as series

    ),

    factors as (

        select
            {% for key in keys %}inputs.{{ key }},
            {% endfor %}inputs.term_count,
            term_numbers.term_number,
            (inputs.upper_a + term_numbers.term_number - 1)
            * (inputs.upper_b + term_numbers.term_number - 1)
            / ((inputs.lower_c + term_numbers.term_number - 1) * term_numbers.term_number)
            * inputs.z as factor
        from {{ inputs }} as inputs
        inner join term_numbers
            on term_numbers.term_number <= inputs.term_count

    ),

    products as (

        select
            {{ key_list }},
            term_count,
            term_number,
            sum(ln(case when factor = 0 then 1 else abs(factor) end)) over (
                partition by {{ key_list }} order by term_number rows between unbounded preceding and current row
            ) as log_magnitude,
            count(case when factor < 0 then 1 end) over (
                partition by {{ key_list }} order by term_number rows between unbounded preceding and current row
            ) as negative_factors,
            count(case when factor = 0 then 1 end) over (
                partition by {{ key_list }} order by term_number rows between unbounded preceding and current row
            ) as zero_factors
        from factors

    ),

    terms as (

        select
            {{ key_list }},
            term_count,
            term_number,
            case
                when zero_factors > 0 or log_magnitude < -700 then 0
                when mod(negative_factors, 2) = 1 then -exp(log_magnitude)
                else exp(log_magnitude)
            end as term
        from products

    )

    select
        {{ key_list }},
        1 + sum(term) as hyp2f1,
        max(case when term_number = term_count then abs(term) end) as last_term
    from terms
    group by {{ key_list }}
{%- endmacro %}
