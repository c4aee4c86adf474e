{#- Fellegi-Sunter comparison of two names, as a level (higher = stronger agreement; levels and their
    labels in identity_comparisons()):
    6 exact (same letters and diacritics, case aside), 5 exact ignoring order and diacritics (same
    order-free matching form), 4 Jaro-Winkler of the order-free forms >= var
    identity_fs_name_similarity_high, 3 one name's tokens contained in the other's (a dropped middle
    name; or a name of one token, three letters or more, inside the other: a form that kept only
    the family name, 'cruz' in 'elizabeth cruz'), 2 Jaro-Winkler >= var
    identity_fs_name_similarity_low, or a name of fewer tokens contained in the other but for one token
    with a typo (macro tokens_contained_with_typo, tokens of var identity_fs_name_typo_min_length
    letters or more: a dropped middle name and a typo at once, 'dunj le' / 'cong dung le'), or a name
    of one token that is a token of the other with a typo (macro token_within_edits: five letters or
    more, one edit, two when both have six: 'catrter' / 'angela carter'), 1 same
    initials (one letter per token, order-free: 'N V An' and 'An Nguyen Van'), 0 else; null when either
    side has no name (neither agreement nor disagreement). Takes the table aliases of the two profiles (columns
    full_name_lower, name_tokens_sorted, and name_initials: macro name_initials of
    name_tokens_sorted, computed once per profile). -#}
{% macro comparison_name(left, right) -%}
    {%- set l = left ~ '.name_tokens_sorted' -%}
    {%- set r = right ~ '.name_tokens_sorted' -%}
    case
        when {{ l }} is null or {{ r }} is null then null
        when {{ left }}.full_name_lower = {{ right }}.full_name_lower then 6
        when {{ l }} = {{ r }} then 5
        when {{ cdp.string_similarity(l, r) }} >= {{ var('identity_fs_name_similarity_high') }} then 4
        when {{ cdp.tokens_contained(l, r, single_token_min_length=3) }} then 3
        when
            {{ cdp.string_similarity(l, r) }} >= {{ var('identity_fs_name_similarity_low') }}
            or {{ cdp.tokens_contained_with_typo(l, r, var('identity_fs_name_typo_min_length')) }}
            or ({{ l }} not like '% %' and {{ cdp.token_within_edits(l, r) }})
            or ({{ r }} not like '% %' and {{ cdp.token_within_edits(r, l) }})
            then 2
        when {{ left }}.name_initials = {{ right }}.name_initials and {{ l }} like '% %' then 1
        else 0
    end
{%- endmacro %}
