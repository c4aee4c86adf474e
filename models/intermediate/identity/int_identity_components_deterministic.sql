{{ config(post_hook="{{ cdp.connected_components_cleanup() }}") }}

{#- First pass of clustering: connected components over accepted deterministic links. Grain: one row
    per identity record; a record with no link is its own component. -#}
with

records as (

    select record_key from {{ ref('int_identity_records_unioned') }}

),

components as (

    {{ cdp.connected_components(
        'select left_record_key as node_a, right_record_key as node_b from '
        ~ ref('int_identity_edges_deterministic') ~ ' where is_accepted'
    ) }}

),

final as (

    select
        records.record_key,
        coalesce(components.component_key, records.record_key) as component_key
    from records
    left join components on records.record_key = components.node_key

)

select * from final
