{#- MetricFlow's time spine: one row per calendar day from var('metrics_time_spine_start_date') to
    var('metrics_time_spine_end_date') (inclusive). The days are Vietnamese business days like every
    date of the marts: the semantic models aggregate on local dates, so metric_time__month is the
    local month. Grain: one row per date_day. -#}
{%- set start_date = var('metrics_time_spine_start_date') -%}
{%- set end_date = var('metrics_time_spine_end_date') -%}
{%- set date_pattern = '^\d{4}-\d{2}-\d{2}$' -%}
{%- set dates_valid = modules.re.match(date_pattern, start_date | string) and modules.re.match(date_pattern, end_date | string) -%}
{%- if not dates_valid or (start_date | string) >= (end_date | string) -%}
    {{ exceptions.raise_compiler_error("time_spine_daily: set vars metrics_time_spine_start_date and metrics_time_spine_end_date to dates written YYYY-MM-DD, the start before the end (got '" ~ start_date ~ "' and '" ~ end_date ~ "')") }}
{%- endif %}
with

days as (

    {{ dbt.date_spine('day', "cast('" ~ start_date ~ "' as date)", dbt.dateadd('day', 1, "cast('" ~ end_date ~ "' as date)")) }}

),

final as (

    select cast(date_day as date) as date_day
    from days

)

select * from final
