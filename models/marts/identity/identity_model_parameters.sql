{{ config(post_hook="{{ cdp.connected_components_cleanup() }}") }}

{#- The trained Fellegi-Sunter model: m (how often a level occurs between two records of one person,
    learned by EM over the compared pairs), u (between two different people, from a random sample of
    profile pairs), the match weight log2(m / u) a pair gets at that level, and the prior (lambda, the
    share of matches among all profile pairs: the larger of the pairs inside deterministic components
    and an estimate from names and dates of birth). See macro fellegi_sunter_em and
    docs/identity_resolution.md. Grain: one row per (comparison, level); the prior is comparison
    'prior', level 1. -#}
with

trained as (

    {{ cdp.fellegi_sunter_em(
        ref('int_identity_pairs_compared'),
        ref('int_identity_levels_sampled'),
        ref('int_identity_profiles_deduplicated')
    ) }}

),

final as (

    select
        comparison,
        level,
        level_label,
        m,
        u,
        cast(ln(greatest(m, 1e-12)) / ln(2.0) - ln(greatest(u, 1e-12)) / ln(2.0) as {{ cdp.type_double() }}) as match_weight,
        is_overridden,
        em_iterations,
        is_converged
    from trained

)

select * from final
