{#- Trains the Fellegi-Sunter model inside the calling model's build and returns a query of its
    parameters: one row per (comparison, level) of identity_comparisons(), and one 'prior' row (level
    1; m = lambda, the probability that two profiles taken at random are one person; u = 1 - lambda).

    - u: from sampled_relation (comparison, level, pair_count: levels between random profiles, almost
      all different people), with var identity_fs_u_prior_pairs pseudo-pairs at the u_start values of
      identity_comparisons() (no u is 0, and a small sample stays sensible).
    - m: expectation maximisation over pairs_relation (every blocked pair of profiles, those inside
      one deterministic component included: they are the matches EM learns from), in training
      sessions (var identity_fs_training_sessions, as Splink trains): a session takes the pairs that
      agree on one comparison (e.g. the same date of birth) and learns the m of every other
      comparison from them, leaving its own comparison out (its agreement was chosen, not observed).
      Pairs are first grouped into patterns (one row per session and combination of levels, with a
      pair count), so a pass reads a few hundred rows however many pairs were compared. E step: each
      pattern's match probability 1 / (1 + exp(-(ln(lambda_s / (1 - lambda_s)) + sum of ln(m / u)
      over its known levels))); M step: m of a level = expected matches at that level over expected
      matches where the comparison is known; lambda_s = the session's expected matches over its pairs.
      Every M step adds var identity_fs_m_prior_pairs pseudo-pairs at the starting values (m_start of
      identity_comparisons(), lambda 0.3), so a small data set cannot drive an m to 0 or 1. A
      comparison's m is the mean over the sessions that learnt it (m_start when none did).
    - lambda: the larger of the share of profile pairs inside one deterministic component among all
      profile pairs (profiles_relation: profile_id, component_key), a floor that deterministic rules
      vouch for, and an estimate from person attributes (var identity_fs_prior_rule: the profile pairs
      equal on its columns over the share of matches that agree at its levels, by the trained m, times
      the pairs of profiles carrying those columns). The floor alone fell to one pair in all where
      duplicates share no identifier (docs/identity_resolution.md section 3).
    - Passes run until no m changes by more than var identity_fs_em_tolerance; after var
      identity_fs_em_max_iterations passes the build fails loudly.
    - var identity_fs_parameters overrides: {<comparison>: {<level label>: {m: .., u: ..}}, prior: ..}:
      an overridden m stays fixed, an overridden u replaces the sampled one, prior replaces lambda.
    Scratch tables as connected_components() (connected_components_scratch('em_*')); the result is
    its 'result' table: call connected_components_cleanup() in the model's post_hook. When dbt only
    compiles, nothing runs. -#}
{% macro fellegi_sunter_em(pairs_relation, sampled_relation, profiles_relation) -%}
    {%- set result = cdp.connected_components_scratch('result') -%}
    {%- if not execute or flags.WHICH not in ['run', 'build'] -%}
        {{ return('select * from ' ~ result) }}
    {%- endif -%}
    {%- set max_iterations = var('identity_fs_em_max_iterations') -%}
    {%- set tolerance = var('identity_fs_em_tolerance') -%}
    {%- set alpha = var('identity_fs_m_prior_pairs') -%}
    {%- set beta = var('identity_fs_u_prior_pairs') -%}
    {%- set overrides = var('identity_fs_parameters') or {} -%}
    {%- set comparisons = cdp.identity_comparisons() -%}
    {%- set sessions = var('identity_fs_training_sessions') -%}
    {%- set session_names = [] -%}
    {%- for comparison in comparisons -%}{%- do session_names.append(comparison.name) -%}{%- endfor -%}
    {%- for session in sessions -%}
        {%- if session is not mapping or session.get('comparison') not in session_names or not session.get('levels') -%}
            {{ exceptions.raise_compiler_error("var identity_fs_training_sessions: each session needs a comparison (one of " ~ session_names | join(', ') ~ ") and its agreeing levels, e.g. {comparison: date_of_birth, levels: [4]}; got " ~ session) }}
        {%- endif -%}
    {%- endfor -%}
    {%- set patterns = cdp.connected_components_scratch('em_patterns') -%}
    {%- set pattern_levels = cdp.connected_components_scratch('em_pattern_levels') -%}
    {%- set params = cdp.connected_components_scratch('em_params') -%}
    {%- set next_params = cdp.connected_components_scratch('em_next') -%}
    {%- for relation in [patterns, pattern_levels, params, next_params, result] -%}
        {%- do adapter.drop_relation(relation) -%}
    {%- endfor -%}
    {%- set double = cdp.type_double() -%}

    {#- Starting parameters of every session, with the sampled u and the overrides. -#}
    {%- set start_rows = [] -%}
    {%- for comparison in comparisons -%}
        {%- set own = overrides.get(comparison.name) or {} -%}
        {%- for level, label in comparison.levels.items() -%}
            {%- set level_override = own.get(label) or {} -%}
            {%- do start_rows.append(
                "select '" ~ comparison.name ~ "' as comparison, " ~ level ~ " as level, '" ~ label ~ "' as level_label, "
                ~ "cast(" ~ (level_override.get('m') if level_override.get('m') is not none else comparison.m_start[level]) ~ " as " ~ double ~ ") as m, "
                ~ "cast(" ~ comparison.m_start[level] ~ " as " ~ double ~ ") as m_start, "
                ~ "cast(" ~ (level_override.get('u') if level_override.get('u') is not none else 'null') ~ " as " ~ double ~ ") as u_override, "
                ~ ('true' if level_override.get('m') is not none else 'false') ~ " as is_m_fixed, "
                ~ ('true' if level_override else 'false') ~ " as is_overridden, "
                ~ "cast(" ~ comparison.u_start[level] ~ " as " ~ double ~ ") as u_start") -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- set session_rows = [] -%}
    {%- for session in sessions -%}
        {%- do session_rows.append("select '" ~ session.comparison ~ "' as session") -%}
    {%- endfor -%}
    {%- set prior = overrides.get('prior') -%}
    {%- set start_sql -%}
        with start_values as (
            {{ start_rows | join('\nunion all\n') }}
        ),
        sessions as (
            {{ session_rows | join('\nunion all\n') }}
        ),
        sampled_totals as (
            select comparison, sum(pair_count) as total from {{ sampled_relation }} group by comparison
        ),
        comparison_values as (
            select
                start_values.comparison,
                start_values.level,
                start_values.level_label,
                start_values.m,
                start_values.m_start,
                coalesce(
                    start_values.u_override,
                    cast((coalesce(sampled.pair_count, 0) + {{ beta }} * start_values.u_start) / (coalesce(sampled_totals.total, 0) + {{ beta }}) as {{ double }})
                ) as u,
                start_values.is_m_fixed,
                start_values.is_overridden
            from start_values
            left join {{ sampled_relation }} as sampled
                on start_values.comparison = sampled.comparison and start_values.level = sampled.level
            left join sampled_totals on start_values.comparison = sampled_totals.comparison
        )
        select sessions.session, comparison_values.*
        from sessions
        inner join comparison_values on sessions.session != comparison_values.comparison
        union all
        select
            sessions.session,
            'prior' as comparison,
            1 as level,
            'match' as level_label,
            cast(0.3 as {{ double }}) as m,
            cast(0.3 as {{ double }}) as m_start,
            cast(null as {{ double }}) as u,
            false as is_m_fixed,
            false as is_overridden
        from sessions
    {%- endset -%}
    {%- do run_query(cdp.connected_components_create(params, start_sql)) -%}

    {#- Each session's pairs grouped into patterns of levels, and the patterns' known levels (the
        session's own comparison left out) in long form. -#}
    {%- set level_columns = [] -%}
    {%- for comparison in comparisons -%}{%- do level_columns.append(comparison.name ~ '_level') -%}{%- endfor -%}
    {%- set patterns_sql -%}
        select
            row_number() over (order by session, {{ level_columns | join(', ') }}) as pattern_id,
            session,
            {{ level_columns | join(', ') }},
            pair_count
        from (
            {%- for session in sessions %}
            select '{{ session.comparison }}' as session, {{ level_columns | join(', ') }}, count(*) as pair_count
            from {{ pairs_relation }}
            where {{ session.comparison }}_level in ({{ session.levels | join(', ') }})
            group by {{ level_columns | join(', ') }}
            {% if not loop.last %}union all{% endif %}
            {%- endfor %}
        ) as grouped
    {%- endset -%}
    {%- do run_query(cdp.connected_components_create(patterns, patterns_sql)) -%}
    {%- set pattern_levels_sql -%}
        {%- for comparison in comparisons %}
        select pattern_id, session, '{{ comparison.name }}' as comparison, {{ comparison.name }}_level as level
        from {{ patterns }} where {{ comparison.name }}_level is not null and session != '{{ comparison.name }}'
        {% if not loop.last %}union all{% endif %}
        {%- endfor %}
    {%- endset -%}
    {%- do run_query(cdp.connected_components_create(pattern_levels, pattern_levels_sql)) -%}

    {%- set step_sql -%}
        with priors as (
            select session, m as lambda from {{ params }} where comparison = 'prior'
        ),
        weights as (
            select
                pattern_levels.pattern_id,
                sum(ln(greatest(params.m, 1e-12)) - ln(params.u)) as log_ratio
            from {{ pattern_levels }} as pattern_levels
            inner join {{ params }} as params
                on pattern_levels.session = params.session
                    and pattern_levels.comparison = params.comparison
                    and pattern_levels.level = params.level
            group by pattern_levels.pattern_id
        ),
        posterior as (
            select
                patterns.pattern_id,
                patterns.session,
                patterns.pair_count,
                1.0 / (1.0 + exp(-(
                    ln(greatest(priors.lambda, 1e-12)) - ln(greatest(1.0 - priors.lambda, 1e-12))
                    + coalesce(weights.log_ratio, 0.0)
                ))) as match_probability
            from {{ patterns }} as patterns
            inner join priors on patterns.session = priors.session
            left join weights on patterns.pattern_id = weights.pattern_id
        ),
        level_sums as (
            select
                pattern_levels.session,
                pattern_levels.comparison,
                pattern_levels.level,
                sum(posterior.pair_count * posterior.match_probability) as expected_matches
            from {{ pattern_levels }} as pattern_levels
            inner join posterior on pattern_levels.pattern_id = posterior.pattern_id
            group by pattern_levels.session, pattern_levels.comparison, pattern_levels.level
        ),
        comparison_sums as (
            select session, comparison, sum(expected_matches) as expected_matches
            from level_sums
            group by session, comparison
        ),
        session_totals as (
            select
                session,
                sum(pair_count * match_probability) as expected_matches,
                sum(pair_count) as pairs
            from posterior
            group by session
        )
        select
            params.session,
            params.comparison,
            params.level,
            params.level_label,
            case
                when params.is_m_fixed then params.m
                when params.comparison = 'prior' then cast(
                    (coalesce(session_totals.expected_matches, 0.0) + {{ alpha }} * params.m_start)
                    / nullif(coalesce(session_totals.pairs, 0.0) + {{ alpha }}, 0.0)
                as {{ double }})
                else cast(
                    (coalesce(level_sums.expected_matches, 0.0) + {{ alpha }} * params.m_start)
                    / nullif(coalesce(comparison_sums.expected_matches, 0.0) + {{ alpha }}, 0.0)
                as {{ double }})
            end as m,
            params.m_start,
            params.u,
            params.is_m_fixed,
            params.is_overridden
        from {{ params }} as params
        left join level_sums
            on params.session = level_sums.session
                and params.comparison = level_sums.comparison
                and params.level = level_sums.level
        left join comparison_sums
            on params.session = comparison_sums.session and params.comparison = comparison_sums.comparison
        left join session_totals on params.session = session_totals.session
    {%- endset -%}

    {%- set state = {'converged': false, 'passes': 0, 'change': none} -%}
    {%- for pass_number in range(1, max_iterations + 1) -%}
        {%- if not state.converged -%}
            {%- do adapter.drop_relation(next_params) -%}
            {%- do run_query(cdp.connected_components_create(next_params, step_sql)) -%}
            {%- set change = run_query(
                'select coalesce(max(abs(coalesce(n.m, 0) - coalesce(o.m, 0))), 0) from ' ~ next_params ~ ' as n inner join '
                ~ params ~ ' as o on n.session = o.session and n.comparison = o.comparison and n.level = o.level'
            ).columns[0].values()[0] -%}
            {%- do adapter.drop_relation(params) -%}
            {%- do adapter.rename_relation(next_params, params) -%}
            {%- do state.update({'passes': pass_number, 'change': change}) -%}
            {%- if change < tolerance -%}
                {%- do state.update({'converged': true}) -%}
            {%- endif -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if not state.converged -%}
        {{ exceptions.raise_compiler_error("fellegi_sunter_em() did not converge in " ~ max_iterations
            ~ " passes for " ~ this ~ " (last change " ~ state.change ~ "): raise var identity_fs_em_max_iterations or identity_fs_em_tolerance") }}
    {%- endif -%}
    {{ log("fellegi_sunter_em: " ~ this.identifier ~ " converged in " ~ state.passes ~ " passes", info=true) }}
    {#- m: the mean over the sessions that learnt it, else the start (or the override); lambda: the
        larger of the deterministic floor and the attributes' estimate, unless overridden. -#}
    {%- set prior_rule = var('identity_fs_prior_rule') -%}
    {%- if prior_rule is not mapping or not prior_rule.get('columns') or prior_rule.get('levels') is not mapping
        or prior_rule.levels | reject('in', session_names) | list -%}
        {{ exceptions.raise_compiler_error("var identity_fs_prior_rule: columns (profile columns) and levels ({comparison: [levels]}, comparisons among " ~ session_names | join(', ') ~ ") are needed; got " ~ prior_rule) }}
    {%- endif -%}
    {#- The larger of the deterministic floor and the attributes' estimate. -#}
    {%- set prior_estimate = 'greatest(greatest(pairs_inside, 1.0) / greatest(pairs, 2.0), attribute_prior.lambda)' -%}
    {%- set result_sql -%}
        with learnt as (
            select comparison, level, avg(m) as m
            from {{ params }}
            where comparison != 'prior'
            group by comparison, level
        ),
        start_values as (
            {{ start_rows | join('\nunion all\n') }}
        ),
        sampled_totals as (
            select comparison, sum(pair_count) as total from {{ sampled_relation }} group by comparison
        ),
        component_sizes as (
            select count(*) as profile_count from {{ profiles_relation }} group by component_key
        ),
        pair_totals as (
            select
                {#- In doubles: Spark reads 2.0 as a decimal and rounds a decimal quotient to 6 places. #}
                cast(sum(profile_count * (profile_count - 1)) as {{ double }}) / 2 as pairs_inside,
                cast(sum(profile_count) as {{ double }}) * (sum(profile_count) - 1) / 2 as pairs
            from component_sizes
        ),
        comparison_params as (
            select
                start_values.comparison,
                start_values.level,
                start_values.level_label,
                case when start_values.is_m_fixed then start_values.m else coalesce(learnt.m, start_values.m) end as m,
                coalesce(
                    start_values.u_override,
                    cast((coalesce(sampled.pair_count, 0) + {{ beta }} * start_values.u_start) / (coalesce(sampled_totals.total, 0) + {{ beta }}) as {{ double }})
                ) as u,
                start_values.is_overridden
            from start_values
            left join learnt on start_values.comparison = learnt.comparison and start_values.level = learnt.level
            left join {{ sampled_relation }} as sampled
                on start_values.comparison = sampled.comparison and start_values.level = sampled.level
            left join sampled_totals on start_values.comparison = sampled_totals.comparison
        ),
        {#- The prior estimated from person attributes (method of moments): the profile pairs that
            agree exactly on the prior rule's columns (same order-free name and date of birth), among
            the profiles that carry them all, are matches at the rule's levels, a share of all
            matches that the trained m give (m of the name's exact levels times m of the date's):
            lambda = agreeing pairs / (that share * pairs of those profiles). Namesakes born the
            same day are few; a data set whose duplicates share no identifier gets its prior here. #}
        rule_groups as (
            select count(*) as profile_count
            from {{ profiles_relation }}
            where {{ prior_rule.columns | join(' is not null and ') }} is not null
            group by {{ prior_rule.columns | join(', ') }}
        ),
        rule_totals as (
            select
                cast(sum(profile_count * (profile_count - 1)) as {{ double }}) / 2 as agreeing_pairs,
                cast(sum(profile_count) as {{ double }}) * (sum(profile_count) - 1) / 2 as pairs
            from rule_groups
        ),
        rule_recall as (
            select exp(sum(ln(greatest(level_m, 1e-12)))) as share_of_matches
            from (
                select comparison, sum(m) as level_m
                from comparison_params
                where
                    {%- for comparison, levels in prior_rule.levels.items() %}
                    {% if not loop.first %}or {% endif %}(comparison = '{{ comparison }}' and level in ({{ levels | join(', ') }}))
                    {%- endfor %}
                group by comparison
            ) as rule_levels
        ),
        attribute_prior as (
            select
                least(
                    coalesce(rule_totals.agreeing_pairs / nullif(rule_recall.share_of_matches * rule_totals.pairs, 0.0), 0.0),
                    1.0
                ) as lambda
            from rule_totals
            cross join rule_recall
        )
        select * from comparison_params
        union all
        select
            'prior' as comparison,
            1 as level,
            'match' as level_label,
            cast({{ prior if prior is not none else prior_estimate }} as {{ double }}) as m,
            cast(1.0 - {{ prior if prior is not none else prior_estimate }} as {{ double }}) as u,
            {{ 'true' if prior is not none else 'false' }} as is_overridden
        from pair_totals
        cross join attribute_prior
    {%- endset -%}
    {%- set result_sql -%}
        select *, {{ state.passes }} as em_iterations, true as is_converged from ({{ result_sql }}) as trained
    {%- endset -%}
    {%- do run_query(cdp.connected_components_create(result, result_sql)) -%}
    {%- for relation in [patterns, pattern_levels, params, next_params] -%}
        {%- do adapter.drop_relation(relation) -%}
    {%- endfor -%}
    {{ return('select * from ' ~ result) }}
{%- endmacro %}
