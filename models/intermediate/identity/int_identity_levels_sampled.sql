{#- The u probabilities' evidence: how often each comparison level occurs between two profiles taken
    at random (almost always two different people). The sample is deterministic: the first
    var identity_fs_u_sample_profiles profiles in the order of the hash of their record key, every pair
    of them in different deterministic components (n (n - 1) / 2 pairs, about 500k for 1,000).
    Grain: one row per (comparison, level) seen in the sample. -#}
with

profiles as (

    select
        *,
        {{ dbt.hash('record_key') }} as sample_order
    from {{ ref('int_identity_profiles_deduplicated') }}

),

first_profiles as (

    {#- A top-n, not a window numbering every profile (one thread sorting them all). -#}
    select * from profiles
    order by sample_order, record_key
    limit {{ var('identity_fs_u_sample_profiles') }}

),

sampled as (

    select
        *,
        row_number() over (order by sample_order, record_key) as sample_rank
    from first_profiles

),

compared as (

    select
        {{ cdp.identity_comparison_levels('left_side', 'right_side') }}
    from sampled as left_side
    inner join sampled as right_side
        on left_side.sample_rank < right_side.sample_rank
            and left_side.component_key != right_side.component_key

),

levels as (

    {%- for comparison in cdp.identity_comparisons() %}
        select
            '{{ comparison.name }}' as comparison,
            {{ comparison.name }}_level as level  -- noqa: RF04
        from compared
        where {{ comparison.name }}_level is not null
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}

),

final as (

    select
        comparison,
        level,
        count(*) as pair_count
    from levels
    group by comparison, level

)

select * from final
