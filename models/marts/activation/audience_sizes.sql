{#- Audience sizes and pairwise audience_overlaps: for every pair of declared audiences (var
    activation_audiences, an audience paired with itself too), the members of each and the customers
    in both; on the diagonal (audience = other_audience) the overlap is the size, with the entries and
    exits of the latest build (audience_membership_history). Grain: one row per (audience,
    other_audience). -#}
{%- set audiences = cdp.activation_audiences() %}
with

members as (

    select * from {{ ref('audience_members') }}

),

history as (

    select * from {{ ref('audience_membership_history') }}

),

declared as (

    {%- for audience in audiences %}
        select
            '{{ audience["name"] }}' as audience,
            '{{ audience["purpose"] }}' as purpose
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}

),

sizes as (

    select
        declared.audience,
        declared.purpose,
        count(members.customer_id) as members
    from declared
    left join members
        on declared.audience = members.audience
    group by declared.audience, declared.purpose

),

audience_overlaps as (

    select
        left_members.audience,
        right_members.audience as other_audience,
        count(*) as overlap_members
    from members as left_members
    inner join members as right_members
        on left_members.customer_id = right_members.customer_id
    group by left_members.audience, right_members.audience

),

latest_build as (

    {#- This build: audience_membership_history stamps the spells it opens and closes with the same
        time (macro activation_build_at). The latest time in the history would be an earlier build's
        when this one opened and closed nothing, and its entries and exits would show as this build's. -#}
    select {{ cdp.activation_build_at() }} as built_at

),

changes as (

    select
        history.audience,
        count(case when history.entered_at = latest_build.built_at then 1 end) as entered_latest_build,
        count(case when history.exited_at = latest_build.built_at then 1 end) as exited_latest_build
    from history
    cross join latest_build
    group by history.audience

),

final as (

    select
        {{ dbt.concat(['sizes.audience', "':'", 'other_sizes.audience']) }} as audience_pair_key,
        sizes.audience,
        other_sizes.audience as other_audience,
        sizes.purpose,
        sizes.members,
        other_sizes.members as other_members,
        coalesce(audience_overlaps.overlap_members, 0) as overlap_members,
        {{ cdp.ratio('coalesce(audience_overlaps.overlap_members, 0)', 'sizes.members') }} as overlap_share,
        case when sizes.audience = other_sizes.audience then coalesce(changes.entered_latest_build, 0) end as entered_latest_build,
        case when sizes.audience = other_sizes.audience then coalesce(changes.exited_latest_build, 0) end as exited_latest_build
    from sizes
    cross join sizes as other_sizes
    left join audience_overlaps
        on
            sizes.audience = audience_overlaps.audience
            and other_sizes.audience = audience_overlaps.other_audience
    left join changes
        on sizes.audience = changes.audience

)

select * from final
