{#- Over-merge guard: false when two records both carry a name and the names are clearly different.
    True when either side has no name, or, unless an initial of one name is the first letter of no
    token of the other (macro initials_conflict: 'Nguyễn H. Minh' is not 'Nguyễn Minh Thu'), when
    - one name's tokens are contained in the other's ('My Võ' fits 'Ngọc My Võ'; initials skipped), or
    - the order-free names are at most var identity_name_max_edit_distance edits apart (typos), or
    - the given names reach var identity_name_compatible_similarity, the family names too (or one is
      missing), and the middle names do not conflict ('Võ Thanh Tâm' is not 'Võ Phương Tâm').
    A similarity of whole names is deliberately not used: Vietnamese names share family and middle
    names so often ('Đặng Thị Uyên', 'Đặng Thanh Thư') that it calls different people the same.
    An unknown given name (no similarity can be taken) counts as compatible.
    Takes the table aliases of the two records (columns name_tokens_sorted, given_name_key,
    family_name_key). -#}
{% macro names_compatible(left, right) -%}
    {#- A case, not a chain of ORs: engines evaluate a case branch only for the rows still undecided,
        so the common pair (identical names) never pays for the similarity functions below. An
        unknown given name (null similarity) counts as compatible. -#}
    {%- set t = var('identity_name_compatible_similarity') -%}
    (
        case
            when {{ left }}.name_tokens_sorted is null or {{ right }}.name_tokens_sorted is null then true
            when {{ left }}.name_tokens_sorted = {{ right }}.name_tokens_sorted then true
            {#- An initial is a letter of the name it stands for: 'Nguyễn H. Minh' is not 'Nguyễn Minh Thu'. #}
            when {{ cdp.initials_conflict(left, right) }} then false
            when {{ cdp.tokens_contained(left ~ '.name_tokens_sorted', right ~ '.name_tokens_sorted') }} then true
            when {{ cdp.edit_distance(left ~ '.name_tokens_sorted', right ~ '.name_tokens_sorted') }}
                <= {{ var('identity_name_max_edit_distance') }} then true
            else coalesce(
                {{ cdp.string_similarity(left ~ '.given_name_key', right ~ '.given_name_key') }} >= {{ t }}
                and (
                    {{ left }}.family_name_key is null
                    or {{ right }}.family_name_key is null
                    or {{ cdp.string_similarity(left ~ '.family_name_key', right ~ '.family_name_key') }} >= {{ t }}
                )
                and not {{ cdp.middle_names_conflict(left, right) }},
                true
            )
        end
    )
{%- endmacro %}
