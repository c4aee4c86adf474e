{#- Fuzzy links between records the deterministic rules leave apart: every compared pair of profiles
    (int_identity_pairs_compared) scored with the trained Fellegi-Sunter model
    (identity_model_parameters). A pair's match weight is the prior's weight plus, per comparison, the
    weight log2(m / u) of its level (0 when missing on a side); at the levels identity_comparisons()
    adjusts for term frequency (exact names, exact dates of birth) u is replaced by the value's
    frequency among the deterministic components, so two 'Nguyễn Văn An' weigh less than two 'Khổng
    Minh Triết' (only when at least var identity_fs_tf_minimum_values components carry a value). The match probability is 2^w / (1 + 2^w). A pair is accepted at
    var identity_match_probability_threshold unless a guard refuses it:
    conflicting_date_of_birth (both known and at the 'else' level: a swap or a one-digit typo is weak
    evidence, not a conflict), conflicting_name (names at the 'else' level), conflicting_given_name
    (the given names are different names, macro given_names_conflict: two members of a household
    whose shared family and middle names make the whole names alike), name_only_evidence (nothing
    but the name agrees: no date of birth, address, email or phone level above 'else'), score_below_threshold,
    cluster_size_cap (the two components together would exceed var identity_max_cluster_records).
    What a profile brings (its component's size, its values' term frequencies) is looked up once per
    profile and joined to the pairs on the integer profile ids; the weights of the levels come from
    one row of the trained parameters. The pair is stored by
    its two profile ids (int_identity_profiles_deduplicated): int_identity_clusters, customer_identity_map
    and identity_edges look up the profiles' components and first records, for the few accepted
    links or when read (at 1M people four text keys per pair were most of what storing the 5.2M pairs
    cost). Grain: one row per compared pair of profiles. -#}
{%- set comparisons = cdp.identity_comparisons() -%}
{%- set threshold = var('identity_match_probability_threshold') -%}
{%- if not (0 < threshold < 1) -%}
    {{ exceptions.raise_compiler_error("var identity_match_probability_threshold must be between 0 and 1 (e.g. 0.95); got " ~ threshold) }}
{%- endif -%}
with

pairs as (

    {#- Pairs inside one deterministic component trained the model; they are linked already. #}
    select
        left_profile_id,
        right_profile_id,
        blocking_rule,
        {%- for comparison in comparisons %}
            {{ comparison.name }}_level,
        {%- endfor %}
        coalesce(is_given_name_conflict, false) as is_given_name_conflict,
        coalesce(is_date_of_birth_near, false) as is_date_of_birth_near
    from {{ ref('int_identity_pairs_compared') }}
    where not is_same_component

),

parameters as (

    select
        comparison,
        level,
        m,
        match_weight
    from {{ ref('identity_model_parameters') }}

),

weights as (

    {#- One row: every level's weight (and m, where term frequency replaces u). #}
    {%- set weight_columns = ["max(case when comparison = 'prior' then match_weight end) as prior_weight"] %}
    {%- for comparison in comparisons %}
        {%- for level in comparison.levels %}
            {%- set selected = "comparison = '" ~ comparison.name ~ "' and level = " ~ level %}
            {%- do weight_columns.append("max(case when " ~ selected ~ " then match_weight end) as " ~ comparison.name ~ "_" ~ level ~ "_weight") %}
            {%- if level in comparison.tf_levels %}
                {%- do weight_columns.append("max(case when " ~ selected ~ " then m end) as " ~ comparison.name ~ "_" ~ level ~ "_m") %}
            {%- endif %}
        {%- endfor %}
    {%- endfor %}
    select
        {{ weight_columns | join(',\n        ') }}
    from parameters

),

profiles as (

    {%- set profile_columns = ['profile_id', 'component_key'] %}
    {%- for comparison in comparisons if comparison.tf_column %}
        {%- do profile_columns.append(comparison.tf_column) %}
    {%- endfor %}
    select
        {{ profile_columns | join(',\n        ') }}
    from {{ ref('int_identity_profiles_deduplicated') }}

),

component_sizes as (

    select
        component_key,
        count(*) as record_count
    from {{ ref('int_identity_components_deterministic') }}
    group by component_key

),

{%- for comparison in comparisons if comparison.tf_column %}

    {{ comparison.name }}_population as (

        select count(distinct component_key) as components
        from profiles
        where {{ comparison.tf_column }} is not null

    ),

    {{ comparison.name }}_frequencies as (

        {#- Share of the deterministic components (people, as far as the rules know) carrying the value. -#}
        select
            profiles.{{ comparison.tf_column }} as tf_value,
            count(distinct profiles.component_key) * 1.0 / max({{ comparison.name }}_population.components) as term_frequency
        from profiles
        cross join {{ comparison.name }}_population
        where profiles.{{ comparison.tf_column }} is not null
            and {{ comparison.name }}_population.components >= {{ var('identity_fs_tf_minimum_values') }}
        group by profiles.{{ comparison.tf_column }}

    ),
{%- endfor %}

profile_facts as (

    {#- Per profile: its component's size, and the term frequencies of its values (a pair at an exact
        level shares the value: the left side's is read). #}
    {%- set fact_columns = ['profiles.profile_id', 'component_sizes.record_count'] %}
    {%- for comparison in comparisons if comparison.tf_column %}
        {%- do fact_columns.append(comparison.name ~ '_frequencies.term_frequency as ' ~ comparison.name ~ '_term_frequency') %}
    {%- endfor %}
    select
        {{ fact_columns | join(',\n        ') }}
    from profiles
    inner join component_sizes on profiles.component_key = component_sizes.component_key
    {%- for comparison in comparisons if comparison.tf_column %}
        left join {{ comparison.name }}_frequencies
            on profiles.{{ comparison.tf_column }} = {{ comparison.name }}_frequencies.tf_value
    {%- endfor %}

),

weighed as (

    select
        pairs.left_profile_id,
        pairs.right_profile_id,
        left_facts.record_count + right_facts.record_count as joined_record_count,
        pairs.blocking_rule,
        pairs.is_given_name_conflict,
        pairs.is_date_of_birth_near,
        {%- for comparison in comparisons %}
            pairs.{{ comparison.name }}_level,
            case
                {%- for level in comparison.tf_levels %}
                    when pairs.{{ comparison.name }}_level = {{ level }} and left_facts.{{ comparison.name }}_term_frequency is not null
                        then ln(weights.{{ comparison.name }}_{{ level }}_m) / ln(2.0) - ln(left_facts.{{ comparison.name }}_term_frequency) / ln(2.0)
                {%- endfor %}
                {%- for level in comparison.levels %}
                    when pairs.{{ comparison.name }}_level = {{ level }} then weights.{{ comparison.name }}_{{ level }}_weight
                {%- endfor %}
                else 0.0
            end as {{ comparison.name }}_weight,
        {%- endfor %}
        weights.prior_weight
    from pairs
    cross join weights
    inner join profile_facts as left_facts on pairs.left_profile_id = left_facts.profile_id
    inner join profile_facts as right_facts on pairs.right_profile_id = right_facts.profile_id

),

scored as (

    select
        weighed.*,
        weighed.prior_weight
        {%- for comparison in comparisons %}
            + weighed.{{ comparison.name }}_weight
        {%- endfor %} as match_weight
    from weighed

),

final as (

    select
        scored.left_profile_id,
        scored.right_profile_id,
        {{ dbt.concat(["'fuzzy_'", 'scored.blocking_rule']) }} as rule,
        'fuzzy' as rule_family,
        cast(scored.match_weight as {{ cdp.type_double() }}) as score,
        cast(1.0 - 1.0 / (1.0 + power(2.0, scored.match_weight)) as {{ cdp.type_double() }}) as match_probability,
        {%- for comparison in comparisons %}
            scored.{{ comparison.name }}_level,
            cast(scored.{{ comparison.name }}_weight as {{ cdp.type_double() }}) as {{ comparison.name }}_weight,
        {%- endfor %}
        {#- The evidence string is spelt from the levels and weights by identity_edges when read
            (macro identity_fuzzy_evidence): millions of refused pairs store no string. -#}
        cast(scored.prior_weight as {{ cdp.type_double() }}) as prior_weight,
        case
            {#- Near dates (the comparison abstains) read as one date mistyped only between names that
                agree, one contained in the other or closer (level 3 or more): alike names on a shared
                phone and dates months apart are two members of a household. #}
            when scored.date_of_birth_level = 0 or (scored.is_date_of_birth_near and scored.name_level <= 2)
                then 'conflicting_date_of_birth'
            when scored.name_level = 0 then 'conflicting_name'
            {#- Alike whole names, different given names: two members of a household. #}
            when scored.is_given_name_conflict then 'conflicting_given_name'
            {#- A name, however rare, is not enough on its own: something else must agree. #}
            when coalesce(scored.date_of_birth_level, 0) = 0 and coalesce(scored.address_level, 0) = 0
                and coalesce(scored.email_level, 0) = 0 and coalesce(scored.phone_level, 0) = 0
                then 'name_only_evidence'
            when scored.match_weight < ln({{ threshold }} / (1.0 - {{ threshold }})) / ln(2.0) then 'score_below_threshold'
            when scored.joined_record_count > {{ var('identity_max_cluster_records') }}
                then 'cluster_size_cap'
        end as refusal_reason
    from scored

)

select
    left_profile_id,
    right_profile_id,
    rule,
    rule_family,
    score,
    match_probability,
    {%- for comparison in comparisons %}
        {{ comparison.name }}_level,
        {{ comparison.name }}_weight,
    {%- endfor %}
    prior_weight,
    refusal_reason is null as is_accepted,
    refusal_reason
from final
