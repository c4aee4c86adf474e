{#- The body of the CTE that says which units (customers, orders) a model fingerprinted by fingerprint_xor
    writes on this run, each with its fingerprint: the rows of `units` (every column) and the column
    `fingerprint` of `fingerprints`, joined on `key`.
    - An incremental run: only the units that are new (not in `stored`) or whose fingerprint is not the
      stored one (a unit without inputs has a null fingerprint, stored and now: unchanged).
    - A build that fingerprints but finds no table (the first run with var staging_incremental true):
      every unit, with its fingerprint.
    - No fingerprints (`fingerprints` none: var false, Spark): every unit, the fingerprint null.
    `fingerprints` may be `units` itself when the units carry their fingerprint; `stored` is the model's
    CTE of its stored (key, fingerprint) pairs, read only on an incremental run. Used by
    customer_attribute_lineage, customer_consent, fct_orders and fct_order_items. -#}
{% macro rows_to_write(units, key, fingerprints, stored='stored', fingerprint='inputs_fingerprint') -%}
    {%- set joins_fingerprints = fingerprints is not none and fingerprints != units -%}
select
    {{ units }}.*
        {%- if fingerprints is none %},
    cast(null as {{ dbt.type_bigint() }}) as {{ fingerprint }}
        {%- elif joins_fingerprints %},
    {{ fingerprints }}.{{ fingerprint }}
        {%- endif %}
from {{ units }}
    {%- if joins_fingerprints %}
left join {{ fingerprints }} on {{ units }}.{{ key }} = {{ fingerprints }}.{{ key }}
    {%- endif %}
    {%- if is_incremental() %}
        {%- if fingerprints is none %}
            {{ exceptions.raise_compiler_error("rows_to_write(): an incremental run needs the fingerprints") }}
        {%- endif %}
left join {{ stored }} on {{ units }}.{{ key }} = {{ stored }}.{{ key }}
where
    {{ stored }}.{{ key }} is null
    or {{ fingerprints }}.{{ fingerprint }} is distinct from {{ stored }}.{{ fingerprint }}
    {%- endif %}
{%- endmacro %}
