{#- Every raw row that cannot be used, from every source (registry: macro staging_sources), with the
    reason and the delivered values, and every CSV line the loader could not split into the header's
    fields (macro raw_rejected_rows: reason wrong_field_count, the line's fields). Nothing is
    dropped silently: raw rows + lines set aside = staged + repeated deliveries + quarantined, proven
    per source by the test assert_row_conservation. -#}
{%- set sources = cdp.staging_sources() -%}
{%- set rejected_rows = cdp.raw_rejected_rows() -%}

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
{% if rejected_rows is not none %}
    rejected_lines as (

        select
            source_table,
            cast(null as {{ dbt.type_string() }}) as source_record_id,
            'wrong_field_count' as quarantine_reason,
            {{ dbt.concat(['rejection', "': '", 'raw_line']) }} as raw_record
        from {{ rejected_rows }}

    ),

{% endif %}
unioned as (

    {% for s in sources %}
        select * from {{ s.table }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
    {% if rejected_rows is not none %}
        union all
        select * from rejected_lines
    {% endif %}

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
