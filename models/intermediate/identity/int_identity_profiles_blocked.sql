{#- Blocking: each profile's key under every rule of var identity_blocking_rules (all the rule's key
    expressions known), with the size of its block and the rule's cap (max_block_records: the rule's
    own, else var identity_fuzzy_max_block_records; macro identity_block_cap). Profiles of one block
    are candidate pairs unless the block holds more profiles than the cap (a very common name in a
    big city says nothing about identity). Grain: one row per (profile, blocking rule). -#}
{%- set rules = var('identity_blocking_rules') -%}
with

profiles as (

    select * from {{ ref('int_identity_profiles_deduplicated') }}

),

keyed as (

    {%- for rule in rules %}
        {%- set known = [] %}
        {%- for key in rule['keys'] %}{% do known.append('(' ~ key ~ ') is not null') %}{% endfor %}
        select
            profile_id,
            component_key,
            {{ loop.index }} as rule_order,
            '{{ rule["name"] }}' as blocking_rule,
            {{ cdp.identity_blocking_key(rule) }} as blocking_key,
            {{ cdp.identity_block_cap(rule) }} as max_block_records
        from profiles
        where {{ known | join(' and ') }}
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}

),

block_sizes as (

    {#- A group by and a join: a little cheaper than a window over every key at 1M people. #}
    select
        rule_order,
        blocking_key,
        count(*) as block_size
    from keyed
    group by rule_order, blocking_key

),

final as (

    select
        keyed.profile_id,
        keyed.component_key,
        keyed.rule_order,
        keyed.blocking_rule,
        keyed.blocking_key,
        keyed.max_block_records,
        block_sizes.block_size
    from keyed
    inner join block_sizes
        on keyed.rule_order = block_sizes.rule_order and keyed.blocking_key = block_sizes.blocking_key

)

select * from final
