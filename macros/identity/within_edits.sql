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
    (
        {{ cdp.edit_distance(a, b) }} <= {{ edits | int }}
        or {{ cdp.adjacent_swap_within(a, b, edits | int - 1) }}
    )
{%- endmacro %}
