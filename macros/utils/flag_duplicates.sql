{#- Select every row of a CTE plus is_duplicate: among rows without a quarantine_reason, the rows of a
    key after the first when ordered by `order_by` (e.g. 'updated_at desc'), ties broken by the raw
    record text so the choice is deterministic. Quarantined rows are never duplicates. -#}
{% macro flag_duplicates(relation, key_columns, order_by=none) -%}
    {%- if key_columns | length == 0 -%}
        {{ exceptions.raise_compiler_error("flag_duplicates(): pass the key columns, e.g. ['contact_id']") }}
    {%- endif -%}
    select
        *,
        case
            when quarantine_reason is null then row_number() over (
                partition by (quarantine_reason is null), {{ key_columns | join(', ') }}
                order by {% if order_by %}{{ order_by }}, {% endif %}raw_record desc
            ) > 1
            else false
        end as is_duplicate
    from {{ relation }}
{%- endmacro %}
