{#- True when two profiles' given names are different names, not spellings of one. Both known and
    different, and either
    - more than var identity_name_max_edit_distance edits apart and neither a token of the other's
      name (a name written in another order carries the same tokens): a household shares family and
      middle names, so two of its members' whole names are alike ('Nguyễn Bảo Nhân', 'Nguyễn Bảo
      Vinh': Jaro-Winkler 0.947) while their given names are not; or
    - when the caller passes common_flag (a boolean column of both aliases: the given name is a
      common given name, see int_identity_edges_deterministic), both common and not both a token of
      the other's name: 'Dũng' and 'Đông' are one letter apart, 'Nguyễn Thanh' sits inside 'Nguyễn
      Thanh Giang', yet Dũng, Đông, Thanh and Giang are each a name of thousands of people.
    A typo ('Nam', 'Nma': a rare spelling) or a dropped middle name leaves the given name within
    reach. False when either given name is unknown. Takes the table aliases of the two profiles
    (columns given_name_key, name_tokens_sorted). -#}
{% macro given_names_conflict(left, right, common_flag=none) -%}
    {%- set ns = namespace(absent=[]) -%}
    {%- for given, other in [(left, right), (right, left)] -%}
        {%- do ns.absent.append(
            dbt.position(
                dbt.concat(["' '", given ~ '.given_name_key', "' '"]),
                dbt.concat(["' '", other ~ '.name_tokens_sorted', "' '"])
            ) ~ ' = 0'
        ) -%}
    {%- endfor -%}
    coalesce(
        {{ left }}.given_name_key != {{ right }}.given_name_key
        and (
            (
                {{ cdp.edit_distance(left ~ '.given_name_key', right ~ '.given_name_key') }} > {{ var('identity_name_max_edit_distance') }}
                and {{ ns.absent | join(' and ') }}
            )
            {%- if common_flag %}
            or (
                {{ left }}.{{ common_flag }} and {{ right }}.{{ common_flag }}
                and ({{ ns.absent | join(' or ') }})
            )
            {%- endif %}
        ),
        false
    )
{%- endmacro %}
