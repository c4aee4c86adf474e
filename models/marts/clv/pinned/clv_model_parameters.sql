{#- clv_model_parameters on the engines without Python models (PostgreSQL, Spark; on DuckDB too when
    var clv_parameters_from_var is true): the seven parameters pinned by var clv_parameters, which
    must then be set (python -m cdp.clv fit --postgres|--duckdb prints it); the calibration end, time
    unit and counts of int_clv_customer_summaries. Log-likelihoods are left null (no log-gamma
    function on PostgreSQL). One row. -#}
{{ config(enabled=(target.type != 'duckdb' or var('clv_parameters_from_var', false) | string | lower == 'true')) }}
{%- set parameters = cdp.clv_pinned_parameters() -%}
{%- if parameters is none -%}
    {%- if execute -%}
        {{ exceptions.raise_compiler_error(
            "clv_model_parameters on " ~ target.type ~ " reads the BG/NBD and Gamma-Gamma parameters from var "
            ~ "clv_parameters, which is not set: the " ~ target.type ~ " target runs no Python model to fit them. "
            ~ "Build int_clv_customer_summaries, run `python -m cdp.clv fit --postgres` (or --duckdb on a "
            ~ "DuckDB build of the same data) and pass the mapping it prints: dbt build --vars "
            ~ "'{\"clv_parameters\": {\"r\": ..., \"alpha\": ..., \"a\": ..., \"b\": ..., \"p\": ..., \"q\": ..., \"v\": ...}}'"
        ) }}
    {%- endif -%}
    {%- set parameters = {'r': 1, 'alpha': 1, 'a': 1, 'b': 1, 'p': 1, 'q': 1, 'v': 1} -%}
{%- endif -%}
with

summaries as (

    select
        calibration_end_date,
        time_unit_days,
        frequency
    from {{ ref('int_clv_customer_summaries') }}

),

counted as (

    select
        max(calibration_end_date) as calibration_end_date,
        max(time_unit_days) as time_unit_days,
        count(*) as customers,
        count(case when frequency > 0 then 1 end) as repeat_buyers
    from summaries

),

final as (

    select
        {%- for name, value in parameters.items() %}
            cast({{ value }} as {{ cdp.type_double() }}) as {{ name }},
        {%- endfor %}
        calibration_end_date,
        time_unit_days,
        customers,
        repeat_buyers,
        cast(null as {{ cdp.type_double() }}) as bgnbd_log_likelihood,
        cast(null as {{ cdp.type_double() }}) as gamma_gamma_log_likelihood,
        cast(0 as {{ cdp.type_double() }}) as penalizer,
        'pinned' as source,
        {{ cdp.utc_now() }} as fitted_at
    from counted

)

select * from final
