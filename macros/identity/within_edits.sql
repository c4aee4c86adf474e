{#- True when two strings are at most `edits` edits apart, two adjacent letters swapped counting as one
    edit: Levenshtein at most `edits`, or one swap of adjacent letters of a leaving b at most
    `edits` - 1 Levenshtein edits away ('benajmif' / 'benjamin': the swap 'aj' -> 'ja' and one
    replacement; three edits for Levenshtein). The same definition on every engine (DuckDB's
    damerau_levenshtein differs beyond one edit: it also reads two swaps as two edits); at one edit
    it is macro within_one_edit's answer. Null when either side is null. -#}
{% macro within_edits(a, b, edits) -%}
    {%- if edits | int < 1 -%}
        {{ exceptions.raise_compiler_error("within_edits: edits must be 1 or more, got " ~ edits) }}
    {%- endif -%}
    {{ return(adapter.dispatch('within_edits', 'cdp')(a, b, edits | int)) }}
{%- endmacro %}

{% macro default__within_edits(a, b, edits) -%}
    (
        {{ cdp.edit_distance(a, b) }} <= {{ edits }}
        or exists(
            sequence(1, greatest(length({{ a }}) - 1, 1)),
            i -> {{ cdp.edit_distance(cdp.adjacent_swap_at(a, 'i'), b) }} <= {{ edits - 1 }}
        )
    )
{%- endmacro %}

{% macro duckdb__within_edits(a, b, edits) -%}
    (
        {{ cdp.edit_distance(a, b) }} <= {{ edits }}
        or len(list_filter(
            range(1, greatest(length({{ a }}) - 1, 1) + 1),
            lambda i: {{ cdp.edit_distance(cdp.adjacent_swap_at(a, 'i'), b) }} <= {{ edits - 1 }}
        )) > 0
    )
{%- endmacro %}

{% macro postgres__within_edits(a, b, edits) -%}
    (
        {{ cdp.edit_distance(a, b) }} <= {{ edits }}
        or exists (
            select 1
            from generate_series(1, length({{ a }}) - 1) as swap(i)
            where {{ cdp.edit_distance(cdp.adjacent_swap_at(a, 'swap.i'), b) }} <= {{ edits - 1 }}
        )
    )
{%- endmacro %}
