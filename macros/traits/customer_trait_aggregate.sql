{#- The select of one declared trait (customer_traits_config entry) over its source's rows dated up to the
    as-of date (`relation`: a CTE with the source's columns plus trait_occurred_at, the row's UTC timestamp,
    and trait_days_ago, Vietnamese days from the row's local date to the as-of date, 0 on that day):
    one row per customer_id that has rows in the window and filter, with the value in column `trait_value`.
    Ranked aggregations keep non-null values only: first_value / last_value the earliest / latest row
    (ties: the smaller value), most_frequent the value of most rows (ties: the most recent, then the
    smaller value). -#}
{% macro customer_trait_aggregate(trait, relation) -%}
    {%- set column = trait.column -%}
    {%- set conditions = [] -%}
    {%- if trait.window_days is not none -%}
        {%- do conditions.append('trait_days_ago < ' ~ trait.window_days) -%}
    {%- endif -%}
    {%- if trait.filter is not none -%}
        {%- do conditions.append('(' ~ trait.filter ~ ')') -%}
    {%- endif -%}
    {%- if cdp.customer_trait_aggregations()[trait.aggregation].ranked -%}
        {%- do conditions.append(column ~ ' is not null') -%}
    {%- endif -%}
    {%- set where_clause = ('where ' ~ conditions | join(' and ')) if conditions else '' -%}
    {#- Always aliased: Spark (not in ANSI mode) would read `from rows where (x)` as the alias `where` with
        a column list. -#}
    {%- set source_rows = relation ~ ' as trait_rows' -%}
    {%- if trait.aggregation in ['first_value', 'last_value'] -%}
        select
            customer_id,
            trait_value
        from (
            select
                customer_id,
                {{ column }} as trait_value,
                row_number() over (
                    partition by customer_id
                    order by trait_occurred_at {{ 'asc' if trait.aggregation == 'first_value' else 'desc' }}, {{ column }}
                ) as trait_rank
            from {{ source_rows }}
            {{ where_clause }}
        ) as ranked
        where trait_rank = 1
    {%- elif trait.aggregation == 'most_frequent' -%}
        select
            customer_id,
            trait_value
        from (
            select
                customer_id,
                trait_value,
                row_number() over (
                    partition by customer_id
                    order by value_rows desc, last_occurred_at desc, trait_value
                ) as trait_rank
            from (
                select
                    customer_id,
                    {{ column }} as trait_value,
                    count(*) as value_rows,
                    max(trait_occurred_at) as last_occurred_at
                from {{ source_rows }}
                {{ where_clause }}
                group by customer_id, {{ column }}
            ) as counted
        ) as ranked
        where trait_rank = 1
    {%- else -%}
        {%- set expressions = {
            'count': 'count(' ~ (column or '*') ~ ')',
            'sum': 'sum(' ~ column ~ ')',
            'avg': 'avg(' ~ column ~ ')',
            'min': 'min(' ~ column ~ ')',
            'max': 'max(' ~ column ~ ')',
            'count_distinct': 'count(distinct ' ~ column ~ ')',
            'recency_days': 'min(trait_days_ago)',
        } -%}
        select
            customer_id,
            {{ expressions[trait.aggregation] }} as trait_value
        from {{ source_rows }}
        {{ where_clause }}
        group by customer_id
    {%- endif -%}
{%- endmacro %}
