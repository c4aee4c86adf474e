{#- Each usable erasure request matched through identity resolution to the customers it names
    (docs/privacy.md "Erasure"). The subject is keyed by staging with the same macros that key every
    source's identifiers (email match key, E.164 phone, customer id as delivered), so it is compared with
    the identifiers of int_erasure_identifiers_unioned: an email with the records carrying that email
    match key, a phone with the E.164 phones, a customer_id with a shop account id or a CDP customer_id
    (in any letter case when no id matches as written).
    Every current record of a matched customer is then erased. A request matching nobody keeps one row
    with customer_id null (receipt status subject_not_found). An email or phone that several customers
    carry (a household phone, a family address) does not say which of them asks: such a request erases
    nobody and keeps one row with customer_id null, is_ambiguous and the number of customers that carry
    it (receipt status ambiguous_subject); a request by customer_id names one. Grain: one row per
    (request_id, customer_id). -#}
with

requests as (

    select
        request_id,
        subject_type,
        subject_key,
        {#- Account ids and customer ids in any letter case (a request typed 'sc-000123' for the shop's
            'SC-000123'); emails and phones are keyed by staging already. -#}
        case when subject_type = 'customer_id' then lower(subject_key) else subject_key end as subject_match_key,
        requested_at
    from {{ ref('stg_privacy__erasure_requests') }}

),

identifiers as (

    select
        record_key,
        identifier_value,
        case identifier_type when 'account' then 'customer_id' else identifier_type end as subject_type,
        case
            when identifier_type in ('account', 'customer_id') then lower(identifier_value) else identifier_value
        end as identifier_match_key
    from {{ ref('int_erasure_identifiers_unioned') }}
    where identifier_type in ('email', 'phone', 'account', 'customer_id')

),

assigned as (

    select
        record_key,
        customer_id
    from {{ ref('int_customer_ids_assigned') }}

),

subject_identifiers as (

    {#- The identifiers some request names, found first: the requests are few, so the join builds its
        hash table on them instead of on every identifier's owner (6.8M at 1M people). -#}
    select
        requests.request_id,
        identifiers.record_key,
        identifiers.identifier_value = requests.subject_key as is_exact
    from identifiers
    inner join requests
        on
            identifiers.identifier_match_key = requests.subject_match_key
            and identifiers.subject_type = requests.subject_type

),

subject_records as (

    {#- An id as written wins: one in another letter case names its account only when no account
        carries the id as the request writes it ('SC-7' and 'sc-7' can be two accounts). -#}
    select
        request_id,
        record_key
    from subject_identifiers
    where
        is_exact
        or not exists (
            select 1 from subject_identifiers as exact_matches
            where exact_matches.request_id = subject_identifiers.request_id and exact_matches.is_exact
        )

),

request_owners as (

    select distinct
        subject_records.request_id,
        assigned.customer_id
    from subject_records
    inner join assigned on subject_records.record_key = assigned.record_key

),

matched as (

    select distinct
        requests.request_id,
        requests.subject_type,
        case requests.subject_type when 'customer_id' then 'account' else requests.subject_type end as subject_identifier_type,
        requests.subject_key,
        requests.requested_at,
        request_owners.customer_id
    from requests
    left join request_owners on requests.request_id = request_owners.request_id

),

counted as (

    select
        request_id,
        count(customer_id) as matched_customer_count
    from matched
    group by request_id

),

final as (

    select distinct
        matched.request_id,
        matched.subject_type,
        matched.subject_identifier_type,
        matched.subject_key,
        matched.requested_at,
        case when counted.matched_customer_count <= 1 then matched.customer_id end as customer_id,
        counted.matched_customer_count,
        counted.matched_customer_count > 1 as is_ambiguous
    from matched
    inner join counted on matched.request_id = counted.request_id

)

select * from final
