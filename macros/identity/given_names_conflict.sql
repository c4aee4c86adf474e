{#- True when two profiles' given names are different names, not spellings of one: both known, more
    than var identity_name_max_edit_distance edits apart (two adjacent letters swapped counting as one
    edit, macro within_edits: 'Benajmif' is Benjamin), and neither is a token of the other's
    name (a name written in another order); when the two names' family names disagree (the parse read
    them in different orders: 'Carol Harris' and 'Hwarris Crol', given names 'carol' and 'hwarris'),
    typo aside (macro token_within_edits), and likewise for a name of one token, which may be the
    family name a form kept ('Reichardson' / 'George Richardson'). Two members of a household share
    the family name: their given names must be tokens of each other's names as they are. A household
    shares family and middle names, so two of its members' whole names are alike ('Nguyễn Bảo Nhân',
    'Nguyễn Bảo Vinh': Jaro-Winkler 0.947) while their given names are not; a typo ('Nam', 'Nma') or a
    dropped middle name leaves the given name within reach. False when either given name is unknown.
    Takes the table aliases of the two profiles (columns given_name_key, name_tokens_sorted). -#}
{% macro given_names_conflict(left, right) -%}
    {%- set ns = namespace(checks=[]) -%}
    {%- for given, other in [(left, right), (right, left)] -%}
        {%- do ns.checks.append(
            dbt.position(
                dbt.concat(["' '", given ~ '.given_name_key', "' '"]),
                dbt.concat(["' '", other ~ '.name_tokens_sorted', "' '"])
            ) ~ ' = 0 and not ((' ~ cdp.family_names_disagree(left, right) ~ ' or '
            ~ dbt.position("' '", given ~ '.name_tokens_sorted') ~ ' = 0) and coalesce('
            ~ cdp.token_within_edits(given ~ '.given_name_key', other ~ '.name_tokens_sorted') ~ ', false))'
        ) -%}
    {%- endfor -%}
    coalesce(
        {{ left }}.given_name_key != {{ right }}.given_name_key
        and not {{ cdp.within_edits(left ~ '.given_name_key', right ~ '.given_name_key', var('identity_name_max_edit_distance')) }}
        and {{ ns.checks | join('\n        and ') }},
        false
    )
{%- endmacro %}
