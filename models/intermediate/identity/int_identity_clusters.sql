{{ config(post_hook="{{ cdp.connected_components_cleanup() }}") }}

{#- Second pass of clustering: deterministic components joined by accepted fuzzy links. Grain: one
    row per identity record; cluster_key is the smallest record_key of the cluster. -#}
with

deterministic_components as (

    select
        record_key,
        component_key
    from {{ ref('int_identity_components_deterministic') }}

),

merged_components as (

    {#- The accepted fuzzy links, between the components of their two profiles. #}
    {%- set profiles = ref('int_identity_profiles_deduplicated') %}
    {{ cdp.connected_components(
        'select left_profiles.component_key as node_a, right_profiles.component_key as node_b from '
        ~ ref('int_identity_edges_fuzzy') ~ ' as fuzzy'
        ~ ' inner join ' ~ profiles ~ ' as left_profiles on fuzzy.left_profile_id = left_profiles.profile_id'
        ~ ' inner join ' ~ profiles ~ ' as right_profiles on fuzzy.right_profile_id = right_profiles.profile_id'
        ~ ' where fuzzy.is_accepted'
    ) }}

),

final as (

    select
        deterministic_components.record_key,
        deterministic_components.component_key as deterministic_component_key,
        coalesce(merged_components.component_key, deterministic_components.component_key) as cluster_key
    from deterministic_components
    left join merged_components on deterministic_components.component_key = merged_components.node_key

)

select * from final
