{#- What each destination of each audience receives (docs/activation.md "Destinations"), one row per
    member and destination, exported or not:
    - meta_custom_audiences: email trimmed and lower-cased, SHA-256; phone as digits with the country
      code and no '+', SHA-256;
    - google_customer_match: email trimmed and lower-cased, dots and '+suffix' removed for gmail.com /
      googlemail.com, SHA-256; phone in E.164 with '+', SHA-256;
    - sms: the phone in E.164; email_service_provider: the email.
    Ad platforms get hashes only (email and phone_e164 stay null on their rows), and never an identifier
    another customer carries too (customer_identifier_lookup: a household phone, a family address): the
    platform matches it to whoever registered it, who may be the one without consent. An identifier whose
    own consent for the purpose (customer_consent_by_identifier) is revoked is never used; messaging
    and email destinations also need that own consent granted (docs/consent.md). A row left with no
    usable identifier is not exported (is_exported false) and says why (excluded_reason).
    Grain: one row per (audience, destination, customer_id). -#}
{%- set audiences = cdp.activation_audiences() %}
{%- set destinations = cdp.activation_destinations() %}
{%- set e164 = '^[+][1-9][0-9]{7,14}$' %}
{%- set email_pattern = '^[a-z0-9._%+-]+@[a-z0-9-]+([.][a-z0-9-]+)*[.][a-z]{2,}$' %}
with

members as (

    select * from {{ ref('audience_members') }}

),

customers as (

    select * from {{ ref('dim_customers') }}

),

identifier_consent as (

    select * from {{ ref('customer_consent_by_identifier') }}

),

shared_identifiers as (

    select distinct
        identifier_type,
        identifier_value
    from {{ ref('customer_identifier_lookup') }}
    where customer_count > 1

),

audience_destinations as (

    {%- for audience in audiences %}
        {%- set audience_loop = loop %}
        {%- for destination in audience['destinations'] %}
            select
                '{{ audience["name"] }}' as audience,
                '{{ destination }}' as destination,
                '{{ destinations[destination]["kind"] }}' as destination_kind
            {%- if not (audience_loop.last and loop.last) %}
                union all
            {%- endif %}
        {%- endfor %}
    {%- endfor %}

),

contacts as (

    select
        customer_id,
        case
            when {{ cdp.regexp_like('lower(trim(email))', email_pattern) }} then lower(trim(email))
        end as email,
        case
            when {{ cdp.regexp_like('phone', e164) }} then phone
        end as phone_e164,
        {{ cdp.email_match_key('lower(trim(email))') }} as email_match_key,
        coalesce(email is not null and not {{ cdp.regexp_like('lower(trim(email))', email_pattern) }}, false) as email_malformed,
        coalesce(phone is not null and not {{ cdp.regexp_like('phone', e164) }}, false) as phone_malformed
    from customers

),

candidates as (

    select
        members.audience,
        audience_destinations.destination,
        audience_destinations.destination_kind,
        members.customer_id,
        members.purpose,
        contacts.email,
        contacts.phone_e164,
        contacts.email_malformed,
        contacts.phone_malformed,
        email_consent.consent_status as email_consent_status,
        phone_consent.consent_status as phone_consent_status,
        shared_email.identifier_value is not null as email_shared,
        shared_phone.identifier_value is not null as phone_shared
    from members
    inner join audience_destinations
        on members.audience = audience_destinations.audience
    left join contacts
        on members.customer_id = contacts.customer_id
    left join identifier_consent as email_consent
        on
            email_consent.identifier_type = 'email'
            and contacts.email_match_key = email_consent.identifier_value
            and members.purpose = email_consent.purpose
    left join identifier_consent as phone_consent
        on
            phone_consent.identifier_type = 'phone'
            and contacts.phone_e164 = phone_consent.identifier_value
            and members.purpose = phone_consent.purpose
    left join shared_identifiers as shared_email
        on
            shared_email.identifier_type = 'email'
            and contacts.email_match_key = shared_email.identifier_value
    left join shared_identifiers as shared_phone
        on
            shared_phone.identifier_type = 'phone'
            and contacts.phone_e164 = shared_phone.identifier_value

),

usable as (

    {#- An identifier is usable when it is well formed and its own consent allows it: not revoked and
        carried by this customer alone for an ad platform, granted for messaging and email. -#}
    select
        *,
        email is not null
        and case
            when destination_kind = 'ad_platform'
                then coalesce(email_consent_status, 'unknown') != 'revoked' and not email_shared
            else coalesce(email_consent_status, 'unknown') = 'granted'
        end as email_usable,
        phone_e164 is not null
        and case
            when destination_kind = 'ad_platform'
                then coalesce(phone_consent_status, 'unknown') != 'revoked' and not phone_shared
            else coalesce(phone_consent_status, 'unknown') = 'granted'
        end as phone_usable
    from candidates

),

shaped as (

    select
        {{ dbt.concat(['audience', "':'", 'destination', "':'", 'customer_id']) }} as export_key,
        audience,
        destination,
        destination_kind,
        customer_id,
        purpose,
        case
            when destination = 'meta_custom_audiences' and email_usable then {{ cdp.sha256_hex('email') }}
            when destination = 'google_customer_match' and email_usable then {{ cdp.sha256_hex(cdp.email_google_normalized('email')) }}
        end as email_sha256,
        case
            when destination = 'meta_custom_audiences' and phone_usable then {{ cdp.sha256_hex("replace(phone_e164, '+', '')") }}
            when destination = 'google_customer_match' and phone_usable then {{ cdp.sha256_hex('phone_e164') }}
        end as phone_sha256,
        case when destination = 'email_service_provider' and email_usable then email end as email,
        case when destination = 'sms' and phone_usable then phone_e164 end as phone_e164,
        case
            when destination_kind = 'ad_platform' then email_usable or phone_usable
            when destination = 'sms' then phone_usable
            when destination = 'email_service_provider' then email_usable
            else false
        end as is_exported,
        case
            when destination = 'sms' and phone_malformed then 'phone_not_normalisable'
            when destination = 'sms' and phone_e164 is null then 'no_phone'
            when destination = 'sms' and not phone_usable then 'phone_consent_not_granted'
            when destination = 'email_service_provider' and email_malformed then 'email_not_normalisable'
            when destination = 'email_service_provider' and email is null then 'no_email'
            when destination = 'email_service_provider' and not email_usable then 'email_consent_not_granted'
            when destination_kind = 'ad_platform' and not (email_usable or phone_usable)
                then case
                        when email is null and phone_e164 is null and (email_malformed or phone_malformed) then 'identifiers_not_normalisable'
                        when email is null and phone_e164 is null then 'no_email_or_phone'
                        when
                            (email is null or email_shared or coalesce(email_consent_status, 'unknown') != 'revoked')
                            and (phone_e164 is null or phone_shared or coalesce(phone_consent_status, 'unknown') != 'revoked')
                            then 'identifier_shared'
                        else 'identifier_consent_revoked'
                    end
        end as excluded_reason
    from usable

),

final as (

    select * from shaped

)

select * from final
