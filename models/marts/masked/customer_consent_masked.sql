{#- customer_consent for analysts (schema marts_masked): the identifier that decided the consent and the
    evidence's key (evidence_id: a shop account or subscriber id for their flags) as pseudonyms (macro
    pseudonym), never the raw email, phone or account id; without inputs_fingerprint, the state of incremental runs (a
    hash over the evidence, its identifiers included). Grain: one row per (customer_id, purpose).
    A view (a table on Spark, macro view_materialization): the masks are computed when it is read, from
    the current customer_consent, so nothing masked is stored beside the marts and an erasure shows at once; the
    published file (make publish) holds it as a table. Stored, it took 4.7 s at 1M people (alone). -#}
{{ config(materialized=cdp.view_materialization()) }}

with

consent as (

    select * from {{ ref('customer_consent') }}

),

pseudonymisation_key as (

    select secret from {{ ref('pseudonymisation_key') }}

),

final as (

    select
        {{ cdp.masked_columns(ref('customer_consent'), 'consent', ['decided_by_identifier_value', 'evidence_id', 'inputs_fingerprint']) }}
        {{ cdp.pseudonym('consent.decided_by_identifier_value', 'pseudonymisation_key.secret') }} as decided_by_identifier_pseudonym,
        {{ cdp.pseudonym('consent.evidence_id', 'pseudonymisation_key.secret') }} as evidence_pseudonym
    from consent
    cross join pseudonymisation_key

)

select * from final
