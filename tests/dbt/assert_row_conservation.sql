{#- Nothing is lost: for every source, raw rows + CSV lines the loader set aside (macro
    raw_rejected_rows) = staged rows + repeated deliveries dropped + quarantined rows. Returns one row
    per source where the balance does not hold. -#}
{%- set sources = cdp.staging_sources() -%}
{%- set rejected_rows = cdp.raw_rejected_rows() -%}

with

balances as (

    {% for s in sources %}
        select
            '{{ s.table }}' as source_table,
            (select count(*) from {{ source(s.source, s.table) }}) as raw_rows,
            {% if rejected_rows is not none -%}
                (
                    select count(*) from {{ rejected_rows }}
                    where source_table = '{{ s.table }}'
                )
            {%- else -%}
                0
            {%- endif %} as rejected_lines,
            (select count(*) from {{ ref(s.staging) }}) as staged_rows,
            (
                select count(*) from {{ ref(s.base) }}
                where is_duplicate
            ) as duplicate_rows,
            (
                select count(*) from {{ ref('stg_quarantine__rows') }}
                where source_table = '{{ s.table }}'
            ) as quarantined_rows
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

)

select *
from balances
where raw_rows + rejected_lines != staged_rows + duplicate_rows + quarantined_rows
