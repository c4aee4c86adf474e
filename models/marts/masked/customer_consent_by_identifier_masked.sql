{#- customer_consent_by_identifier for analysts (schema marts_masked): the identifier as its SHA-256,
    never the raw email or phone. Grain: one row per (identifier_type, identifier_sha256, purpose). -#}
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
