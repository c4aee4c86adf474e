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
    Grain: one row per compared pair of profiles; the pair is shown by the profiles' first records. -#}
{%- set comparisons = cdp.identity_comparisons() -%}
{%- set threshold = var('identity_match_probability_threshold') -%}
{%- if not (0 < threshold < 1) -%}
    {{ exceptions.raise_compiler_error("var identity_match_probability_threshold must be between 0 and 1 (e.g. 0.99); got " ~ threshold) }}
{%- endif -%}
with

pairs as (

    {#- Pairs inside one deterministic component trained the model; they are linked already. #}
    select * from {{ ref('int_identity_pairs_compared') }}
    where not is_same_component

),

parameters as (

    select
        comparison,
        level,
        level_label,
        m,
        u,
        match_weight
    from {{ ref('identity_model_parameters') }}

),

profiles as (

    select
        profile_id,
        component_key,
        name_tokens_sorted,
        date_of_birth
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

weighed as (

    select
        pairs.left_record_key,
        pairs.right_record_key,
        pairs.left_component_key,
        pairs.right_component_key,
        pairs.blocking_rule,
        coalesce(pairs.is_given_name_conflict, false) as is_given_name_conflict,
        {%- for comparison in comparisons %}
            pairs.{{ comparison.name }}_level,
            coalesce({{ comparison.name }}_parameters.level_label, 'missing') as {{ comparison.name }}_label,
            {%- if comparison.tf_column %}
                case
                    when pairs.{{ comparison.name }}_level in ({{ comparison.tf_levels | join(', ') }})
                        and {{ comparison.name }}_frequencies.term_frequency is not null
                        then ln({{ comparison.name }}_parameters.m) / ln(2.0) - ln({{ comparison.name }}_frequencies.term_frequency) / ln(2.0)
                    else coalesce({{ comparison.name }}_parameters.match_weight, 0.0)
                end as {{ comparison.name }}_weight,
            {%- else %}
                coalesce({{ comparison.name }}_parameters.match_weight, 0.0) as {{ comparison.name }}_weight,
            {%- endif %}
        {%- endfor %}
        prior_parameters.match_weight as prior_weight
    from pairs
    inner join parameters as prior_parameters on prior_parameters.comparison = 'prior'
    {%- for comparison in comparisons %}
        left join parameters as {{ comparison.name }}_parameters
            on {{ comparison.name }}_parameters.comparison = '{{ comparison.name }}'
                and pairs.{{ comparison.name }}_level = {{ comparison.name }}_parameters.level
    {%- endfor %}
    {%- for comparison in comparisons if comparison.tf_column %}
        left join profiles as {{ comparison.name }}_left_profile on pairs.left_profile_id = {{ comparison.name }}_left_profile.profile_id
        left join {{ comparison.name }}_frequencies
            on {{ comparison.name }}_left_profile.{{ comparison.tf_column }} = {{ comparison.name }}_frequencies.tf_value
    {%- endfor %}

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
        scored.left_record_key,
        scored.right_record_key,
        {{ dbt.concat(["'fuzzy_'", 'scored.blocking_rule']) }} as rule,
        'fuzzy' as rule_family,
        {#- Why: each comparison's level and its weight, then the prior. -#}
        {%- set evidence_parts = [] %}
        {%- for comparison in comparisons %}
            {%- do evidence_parts.extend([
                "'" ~ (' ' if not loop.first else '') ~ comparison.name ~ "='",
                'scored.' ~ comparison.name ~ '_label',
                "'('",
                dbt.safe_cast(cdp.round_float('scored.' ~ comparison.name ~ '_weight', 2), dbt.type_string()),
                "')'",
            ]) %}
        {%- endfor %}
        {%- do evidence_parts.extend(["' prior('", dbt.safe_cast(cdp.round_float('scored.prior_weight', 2), dbt.type_string()), "')'"]) %}
        {{ dbt.concat(evidence_parts) }} as evidence,
        cast(scored.match_weight as {{ cdp.type_double() }}) as score,
        cast(1.0 - 1.0 / (1.0 + power(2.0, scored.match_weight)) as {{ cdp.type_double() }}) as match_probability,
        {%- for comparison in comparisons %}
            scored.{{ comparison.name }}_level,
            cast(scored.{{ comparison.name }}_weight as {{ cdp.type_double() }}) as {{ comparison.name }}_weight,
        {%- endfor %}
        scored.left_component_key,
        scored.right_component_key,
        case
            when scored.date_of_birth_level = 0 then 'conflicting_date_of_birth'
            when scored.name_level = 0 then 'conflicting_name'
            {#- Alike whole names, different given names: two members of a household. #}
            when scored.is_given_name_conflict then 'conflicting_given_name'
            {#- A name, however rare, is not enough on its own: something else must agree. #}
            when coalesce(scored.date_of_birth_level, 0) = 0 and coalesce(scored.address_level, 0) = 0
                and coalesce(scored.email_level, 0) = 0 and coalesce(scored.phone_level, 0) = 0
                then 'name_only_evidence'
            when scored.match_weight < ln({{ threshold }} / (1.0 - {{ threshold }})) / ln(2.0) then 'score_below_threshold'
            when left_sizes.record_count + right_sizes.record_count > {{ var('identity_max_cluster_records') }}
                then 'cluster_size_cap'
        end as refusal_reason
    from scored
    inner join component_sizes as left_sizes on scored.left_component_key = left_sizes.component_key
    inner join component_sizes as right_sizes on scored.right_component_key = right_sizes.component_key

)

select
    left_record_key,
    right_record_key,
    rule,
    rule_family,
    evidence,
    score,
    match_probability,
    {%- for comparison in comparisons %}
        {{ comparison.name }}_level,
        {{ comparison.name }}_weight,
    {%- endfor %}
    refusal_reason is null as is_accepted,
    refusal_reason,
    left_component_key,
    right_component_key
from final
