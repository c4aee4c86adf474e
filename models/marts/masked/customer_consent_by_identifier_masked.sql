{#- customer_consent_by_identifier for analysts (schema marts_masked): the identifier as its pseudonym
    (macro pseudonym), never the raw email, phone or account id; the evidence's record id and key
    (source_record_id, evidence_id: a shop account or subscriber id for their flags) as pseudonyms too.
    Grain: one row per (identifier_type, identifier_pseudonym, purpose).
    A view (a table on Spark, macro view_materialization): the masks are computed when it is read, from
    the current customer_consent_by_identifier, so nothing masked is stored beside the marts and an erasure shows at once; the
    published file (make publish) holds it as a table. Stored, it took 2.0 s at 1M people (alone). -#}
{{ config(materialized=cdp.view_materialization()) }}

with

consent as (

    select * from {{ ref('customer_consent_by_identifier') }}

),

pseudonymisation_key as (

    select secret from {{ ref('pseudonymisation_key') }}

),

final as (

    select
        {{ cdp.masked_columns(ref('customer_consent_by_identifier'), 'consent', ['identifier_value', 'source_record_id', 'evidence_id']) }}
        {{ cdp.pseudonym('consent.identifier_value', 'pseudonymisation_key.secret') }} as identifier_pseudonym,
        {{ cdp.pseudonym('consent.source_record_id', 'pseudonymisation_key.secret') }} as source_record_pseudonym,
        {{ cdp.pseudonym('consent.evidence_id', 'pseudonymisation_key.secret') }} as evidence_pseudonym
    from consent
    cross join pseudonymisation_key

)

select * from final
