{#- One row per (record, identifier) an identity record carries: the values deterministic rules link
    on. identifier_type names the rule (var identity_deterministic_rules). The identifiers are those
    each identity input declares (var identity_inputs, macro identity_identifiers_union). Placeholders
    and invalid values are already null in staging, so they never appear here. Each branch yields one
    row per staged key and identifier type (an aggregate input's: distinct values), so the union needs
    no distinct; the grain is tested. A view (a table on Spark, macro view_materialization): four
    models read it, each only the identifier types it needs, and DuckDB computes only those branches:
    int_identity_identifiers_judged every type, the erasure identifiers every type but order, the
    consent email, phone and account, the profile lookup email and phone. At 1M people (11.2M rows,
    2 threads) a count of distinct records over those reads took 9.7, 7.9, 3.4 and 1.9 CPU s (22.9),
    over a stored table 2.1 CPU s for every type; storing the rows took 15.5 CPU s. Tried as a table
    (b2a7af0, reverted): alone, its write took 7.2 s and saved 8.8 s in its readers and 9.9 s in its
    six tests, but in the whole build at 1M it took 17.7 s beside int_identity_records_unioned (both
    write at once), the identity layer 101.0 s of wall time against 89.4 s and the dbt run 448.8 s
    against 426.5 s, for 5.0 s less in the data tests (docs/benchmark_build.md). -#}
{{ config(materialized=cdp.view_materialization()) }}

with

unioned as (

    {{ cdp.identity_identifiers_union() }}

),

final as (

    select
        record_key,
        identifier_type,
        identifier_value
    from unioned

)

select * from final
