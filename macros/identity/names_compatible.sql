{#- Over-merge guard: false when two records both carry a name and the names are clearly different
    (neither the order-free names nor the given names, with compatible family names, reach
    var identity_name_compatible_similarity, and neither name's tokens are contained in the other's:
    'My Võ' fits 'Ngọc My Võ'). True when either side has no name. Takes the table
    aliases of the two records (columns name_tokens_sorted, given_name_key, family_name_key). -#}
{% macro names_compatible(left, right) -%}
    {%- set t = var('identity_name_compatible_similarity') -%}
    (
        {{ left }}.name_tokens_sorted is null
        or {{ right }}.name_tokens_sorted is null
        or {{ cdp.string_similarity(left ~ '.name_tokens_sorted', right ~ '.name_tokens_sorted') }} >= {{ t }}
        or {{ cdp.tokens_contained(left ~ '.name_tokens_sorted', right ~ '.name_tokens_sorted') }}
        or (
            {{ cdp.string_similarity(left ~ '.given_name_key', right ~ '.given_name_key') }} >= {{ t }}
            and (
                {{ left }}.family_name_key is null
                or {{ right }}.family_name_key is null
                or {{ cdp.string_similarity(left ~ '.family_name_key', right ~ '.family_name_key') }} >= {{ t }}
            )
        )
    )
{%- endmacro %}
