{{
    config(
        materialized='incremental',
        unique_key='spell_key',
        incremental_strategy=cdp.incremental_strategy(),
        on_schema_change='fail',
        pre_hook="{{ cdp.purge_previous_rows('customer_id', 'int_customer_ids_kept') }}",
        post_hook="{{ cdp.incremental_previous_cleanup() }}"
    )
}}

{#- Membership over time: one spell per stay of a customer in an audience. Each build reads the
    previous state (this model's own table) and audience_members:
    - an open spell whose customer is still a member stays open;
    - an open spell whose customer is no longer a member is closed at this build (exited_at) with the
      reason: customer_removed (no longer in dim_customers), audience_removed (no longer declared),
      consent_revoked / consent_unknown (the customer's consent for the audience's purpose is no
      longer granted), else no_longer_qualifies;
    - a member without an open spell opens a new one (entered_at = this build).
    Closed spells are carried over unchanged. Every build selects the complete new state, so a strategy
    that replaces the table works as well as delete+insert (macro incremental_strategy).
    Erasure and deletion at the source: the spells of a customer who is not kept (int_customer_ids_kept:
    erased, or none of her records left, or her id retired into nothing) are deleted, past ones
    included (pre_hook purge_previous_rows), and never carried over. Grain: one row per spell_key. -#}
{%- set audiences = cdp.activation_audiences() %}
-- depends_on: {{ ref('int_customer_ids_kept') }}
with

members as (

    select * from {{ ref('audience_members') }}

),

customers as (

    select customer_id from {{ ref('dim_customers') }}

),

consent as (

    select * from {{ ref('customer_consent') }}

),

previous_state as (

    {% if is_incremental() %}
        select
            spell_key,
            audience,
            customer_id,
            purpose,
            spell_number,
            entered_at,
            entered_as_of,
            exited_at,
            exited_as_of,
            exit_reason
        from {{ cdp.incremental_previous_relation() }}
        {#- Only kept customers' spells are carried over (pre_hook purge_previous_rows). #}
        where customer_id in (select customer_id from {{ ref('int_customer_ids_kept') }})
    {% else %}
        {{ cdp.no_rows({
            'spell_key': dbt.type_string(),
            'audience': dbt.type_string(),
            'customer_id': dbt.type_string(),
            'purpose': dbt.type_string(),
            'spell_number': dbt.type_int(),
            'entered_at': dbt.type_timestamp(),
            'entered_as_of': dbt.type_timestamp(),
            'exited_at': dbt.type_timestamp(),
            'exited_as_of': dbt.type_timestamp(),
            'exit_reason': dbt.type_string()
        }) }}
    {% endif %}

),

as_of as (

    select max(as_of_at) as as_of_at from members

),

open_spells as (

    select * from previous_state
    where exited_at is null

),

spell_counts as (

    select
        audience,
        customer_id,
        max(spell_number) as spells
    from previous_state
    group by audience, customer_id

),

closed_before as (

    select * from previous_state
    where exited_at is not null

),

still_open as (

    select open_spells.*
    from open_spells
    inner join members
        on
            open_spells.audience = members.audience
            and open_spells.customer_id = members.customer_id

),

exited as (

    select
        open_spells.spell_key,
        open_spells.audience,
        open_spells.customer_id,
        open_spells.purpose,
        open_spells.spell_number,
        open_spells.entered_at,
        open_spells.entered_as_of,
        {{ cdp.activation_build_at() }} as exited_at,
        as_of.as_of_at as exited_as_of,
        case
            when customers.customer_id is null then 'customer_removed'
            when open_spells.audience not in {{ cdp.sql_string_list(audiences | map(attribute='name') | list) }} then 'audience_removed'
            when consent.consent_status = 'revoked' then 'consent_revoked'
            when coalesce(consent.consent_status, 'unknown') != 'granted' then 'consent_unknown'
            else 'no_longer_qualifies'
        end as exit_reason
    from open_spells
    cross join as_of
    left join customers
        on open_spells.customer_id = customers.customer_id
    left join consent
        on
            open_spells.customer_id = consent.customer_id
            and open_spells.purpose = consent.purpose
    where not exists (
            select 1
            from members
            where
                open_spells.audience = members.audience
                and open_spells.customer_id = members.customer_id
        )

),

entered as (

    {#- not exists rather than "left join open_spells ... where open_spells.customer_id is null": DuckDB
        2.0.0 dropped a member with a closed earlier spell from that form when spell_counts was joined too. -#}
    select
        members.audience,
        members.customer_id,
        members.purpose,
        coalesce(spell_counts.spells, 0) + 1 as spell_number,
        {{ cdp.activation_build_at() }} as entered_at,
        members.as_of_at as entered_as_of,
        cast(null as {{ dbt.type_timestamp() }}) as exited_at,
        cast(null as {{ dbt.type_timestamp() }}) as exited_as_of,
        cast(null as {{ dbt.type_string() }}) as exit_reason
    from members
    left join spell_counts
        on
            members.audience = spell_counts.audience
            and members.customer_id = spell_counts.customer_id
    where not exists (
            select 1
            from open_spells
            where
                members.audience = open_spells.audience
                and members.customer_id = open_spells.customer_id
        )

),

new_spells as (

    select
        {{ dbt.concat(['audience', "':'", 'customer_id', "':'", 'cast(spell_number as ' ~ dbt.type_string() ~ ')']) }} as spell_key,
        *
    from entered

),

final as (

    select * from closed_before
    union all
    select * from still_open
    union all
    select * from exited
    union all
    select * from new_spells

)

select * from final
