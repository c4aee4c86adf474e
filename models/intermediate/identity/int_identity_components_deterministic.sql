{{ config(post_hook="{{ cdp.connected_components_cleanup() }}") }}

{#- First pass of clustering: connected components over accepted deterministic links. Grain: one row
    per identity record; a record with no link is its own component. -#}
with

records as (

    select
        record_key,
        record_id
    from {{ ref('int_identity_records_unioned') }}

),

components as (

    {#- Over integer record ids (numbered in record_key order): the component's smallest record_id is
        its smallest record_key. #}
    {{ cdp.connected_components(
        'select left_record_id as node_a, right_record_id as node_b from '
        ~ ref('int_identity_edges_deterministic') ~ ' where is_accepted',
        integer_nodes=true
    ) }}

),

final as (

    select
        records.record_key,
        records.record_id,
        coalesce(component_records.record_key, records.record_key) as component_key
    from records
    left join components on records.record_id = components.node_key
    left join records as component_records on components.component_key = component_records.record_id

)

select * from final
