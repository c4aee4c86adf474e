{#- Survivorship never chooses a placeholder email (seed blocked_identifiers: noreply@…, no-email@…,
    …@test.com): the golden record's email is built from a record's email as typed and its match key,
    which staging leaves null for a placeholder. An aggregated web visitor once paired one event's
    placeholder with another event's key (macro identity_records_union): dim_customers showed
    noreply@gmail.com. Returns the offending customers. -#}
select
    customer_id,
    email
from {{ ref('dim_customers') }}
where {{ cdp.email_is_placeholder('email') }}
