{#- customer_consent for analysts (schema marts_masked): the identifier that decided the consent as its
    SHA-256, never the raw email or phone. Grain: one row per (customer_id, purpose). -#}
with

consent as (

    select * from {{ ref('customer_consent') }}

),

final as (

    select
        {{ cdp.masked_columns(ref('customer_consent'), 'consent', ['decided_by_identifier_value']) }}
        {{ cdp.sha256_hex('consent.decided_by_identifier_value') }} as decided_by_identifier_sha256
    from consent

)

select * from final
