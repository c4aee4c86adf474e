{#- customer_consent_by_identifier for analysts (schema marts_masked): the identifier as its SHA-256,
    never the raw email or phone. Grain: one row per (identifier_type, identifier_sha256, purpose).
    A view (a table on Spark, macro view_materialization): the masks are computed when it is read, from
    the current customer_consent_by_identifier, so nothing masked is stored beside the marts and an erasure shows at once; the
    published file (make publish) holds it as a table. Stored, it took 2.0 s at 1M people (alone). -#}
{{ config(materialized=cdp.view_materialization()) }}

with

consent as (

    select * from {{ ref('customer_consent_by_identifier') }}

),

final as (

    select
        {{ cdp.masked_columns(ref('customer_consent_by_identifier'), 'consent', ['identifier_value']) }}
        {{ cdp.sha256_hex('consent.identifier_value') }} as identifier_sha256
    from consent

)

select * from final
