{#- Every raw row that cannot be used, from every source (registry: macro staging_sources), with the
    reason and the delivered values. Nothing is dropped silently: raw = staged + repeated deliveries +
    quarantined, proven per source by the test assert_row_conservation. -#}
{%- set sources = cdp.staging_sources() -%}

with

{% for s in sources %}
    {{ s.table }} as (

        select
            '{{ s.table }}' as source_table,
            cast({{ s.record_id }} as {{ dbt.type_string() }}) as source_record_id,
            quarantine_reason,
            raw_record
        from {{ ref(s.base) }}
        where quarantine_reason is not null

    ),

{% endfor %}
unioned as (

    {% for s in sources %}
        select * from {{ s.table }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

final as (

    select
        {{ dbt.hash(dbt.concat([
            'source_table', "'|'", 'raw_record', "'|'",
            dbt.safe_cast('row_number() over (partition by source_table, raw_record order by source_table)', dbt.type_string())
        ])) }} as quarantine_row_id,
        source_table,
        source_record_id,
        quarantine_reason,
        raw_record
    from unioned

)

select * from final
