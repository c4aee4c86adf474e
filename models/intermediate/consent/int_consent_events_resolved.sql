{#- Every piece of consent evidence, resolved to the identifier it concerns and to every customer who
    carries that identifier. Evidence sources (docs/consent.md):
    - consent_events: the consent records, keyed on their subject (email match key, E.164 phone, shop
      account id: the staged subject_key);
    - shop_customers.accepts_marketing: email_marketing for the account's email (the account id when
      the account has no usable email), at the account's last update (else its creation);
    - email_subscribers.status: subscribed and cleaned -> granted at opted_in_at (cleaning is the
      platform giving up on a bouncing address, not the person withdrawing); unsubscribed -> revoked
      at the latest time the platform shows the subscriber (opted_in_at or its last email event, the
      earliest the unsubscribe can have happened);
    - email_events unsubscribe and complaint -> email_marketing revoked at occurred_at.
    An identifier is resolved through the identity layer: the customers whose identity records carry
    it (int_identity_identifiers_unioned: email, phone, account). An identifier shared by several
    customers gives one row per customer; one no customer carries keeps a single row with customer_id
    null (unresolved_reason unknown_identifier); an unusable one (invalid or placeholder value) keeps
    its row with identifier_value null (unusable_identifier). Grain: one row per (evidence_id,
    customer_id). -#}
with

consent_records as (

    select
        consent_id,
        subject_type,
        subject_key,
        purpose,
        status,
        source_system,
        occurred_at
    from {{ ref('stg_privacy__consent_events') }}

),

shop_accounts as (

    select
        customer_id as account_id,
        email_match_key,
        accepts_marketing,
        coalesce(updated_at, created_at) as observed_at
    from {{ ref('stg_shop__customers') }}
    where accepts_marketing is not null

),

subscribers as (

    select
        subscriber_id,
        email_match_key,
        status,
        opted_in_at
    from {{ ref('stg_email__subscribers') }}

),

email_events as (

    select
        event_id,
        subscriber_id,
        event_type,
        occurred_at
    from {{ ref('stg_email__events') }}

),

identifier_owners as (

    {#- Which customers carry each email, phone and shop account id. -#}
    select distinct
        case identifiers.identifier_type when 'account' then 'customer_id' else identifiers.identifier_type end as identifier_type,
        identifiers.identifier_value,
        assigned.customer_id
    from {{ ref('int_identity_identifiers_unioned') }} as identifiers
    inner join {{ ref('int_customer_ids_retained') }} as assigned
        on identifiers.record_key = assigned.record_key
    where identifiers.identifier_type in ('email', 'phone', 'account')

),

subscriber_last_events as (

    select
        subscriber_id,
        max(occurred_at) as last_event_at
    from email_events
    group by subscriber_id

),

from_consent_events as (

    select
        {{ dbt.concat(["'consent_events:'", 'consent_id']) }} as evidence_id,
        consent_id,
        'consent_events' as evidence_source,
        source_system,
        'consent_events' as source_table,
        consent_id as source_record_id,
        subject_type as identifier_type,
        subject_key as identifier_value,
        purpose,
        status,
        occurred_at
    from consent_records

),

from_shop_accounts as (

    select
        {{ dbt.concat(["'shop_customers:'", 'account_id']) }} as evidence_id,
        cast(null as {{ dbt.type_string() }}) as consent_id,
        'shop_customers.accepts_marketing' as evidence_source,
        'shop' as source_system,
        'shop_customers' as source_table,
        account_id as source_record_id,
        case when email_match_key is not null then 'email' else 'customer_id' end as identifier_type,
        coalesce(email_match_key, account_id) as identifier_value,
        'email_marketing' as purpose,
        case when accepts_marketing then 'granted' else 'revoked' end as status,
        observed_at as occurred_at
    from shop_accounts

),

from_subscribers as (

    select
        {{ dbt.concat(["'email_subscribers:'", 'subscribers.subscriber_id']) }} as evidence_id,
        cast(null as {{ dbt.type_string() }}) as consent_id,
        'email_subscribers.status' as evidence_source,
        'email_platform' as source_system,
        'email_subscribers' as source_table,
        subscribers.subscriber_id as source_record_id,
        'email' as identifier_type,
        subscribers.email_match_key as identifier_value,
        'email_marketing' as purpose,
        case when subscribers.status = 'unsubscribed' then 'revoked' else 'granted' end as status,
        case
            when subscribers.status = 'unsubscribed' and subscriber_last_events.last_event_at > subscribers.opted_in_at
                then subscriber_last_events.last_event_at
            else subscribers.opted_in_at
        end as occurred_at
    from subscribers
    left join subscriber_last_events on subscribers.subscriber_id = subscriber_last_events.subscriber_id

),

from_email_events as (

    select
        {{ dbt.concat(["'email_events:'", 'email_events.event_id']) }} as evidence_id,
        cast(null as {{ dbt.type_string() }}) as consent_id,
        {{ dbt.concat(["'email_events.'", 'email_events.event_type']) }} as evidence_source,
        'email_platform' as source_system,
        'email_events' as source_table,
        email_events.event_id as source_record_id,
        'email' as identifier_type,
        subscribers.email_match_key as identifier_value,
        'email_marketing' as purpose,
        'revoked' as status,
        email_events.occurred_at
    {#- An event of a subscriber the export does not hold concerns no known address: kept, unusable. #}
    from email_events
    left join subscribers on email_events.subscriber_id = subscribers.subscriber_id
    where email_events.event_type in ('unsubscribe', 'complaint')

),

evidence as (

    select * from from_consent_events
    union all
    select * from from_shop_accounts
    union all
    select * from from_subscribers
    union all
    select * from from_email_events

),

suppressed as (

    {#- Erasure (docs/privacy.md): evidence about an identifier of the suppression list, or carried by
        an erased record, is left out: an erased person keeps no consent row, per customer or per
        identifier. The list names shop account ids 'account'. -#}
    select
        case identifier_type when 'account' then 'customer_id' else identifier_type end as identifier_type,
        identifier_hash
    from {{ ref('erasure_suppression_list') }}
    where identifier_type in ('email', 'phone', 'account')

),

erased_records as (

    select record_key from {{ ref('int_erasure_records_resolved') }}

),

kept_evidence as (

    select evidence.*
    from evidence
    left join suppressed
        on
            evidence.identifier_type = suppressed.identifier_type
            and {{ cdp.sha256_hex('evidence.identifier_value') }} = suppressed.identifier_hash
    left join erased_records
        on {{ dbt.concat(['evidence.source_table', "':'", 'evidence.source_record_id']) }} = erased_records.record_key
    where suppressed.identifier_hash is null and erased_records.record_key is null

),

resolved as (

    select
        evidence.*,
        identifier_owners.customer_id,
        case
            when evidence.identifier_value is null then 'unusable_identifier'
            when identifier_owners.customer_id is null then 'unknown_identifier'
        end as unresolved_reason
    from kept_evidence as evidence
    left join identifier_owners
        on
            evidence.identifier_type = identifier_owners.identifier_type
            and evidence.identifier_value = identifier_owners.identifier_value

),

final as (

    select
        evidence_id,
        customer_id,
        identifier_type,
        identifier_value,
        purpose,
        status,
        occurred_at,
        evidence_source,
        source_system,
        source_table,
        source_record_id,
        consent_id,
        unresolved_reason
    from resolved

)

select * from final
