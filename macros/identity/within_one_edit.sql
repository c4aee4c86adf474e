{#- True when two strings are equal or one edit apart: one letter inserted, deleted or replaced, or two
    adjacent letters swapped ('dnag' / 'dang', 'trnug' / 'trung': the keyboard's commonest typo, two
    edits for Levenshtein). The optimal string alignment distance at most 1, the same on every engine:
    DuckDB's damerau_levenshtein; elsewhere Levenshtein at most 1, or the same length and one swap of
    adjacent letters making one string the other (macro adjacent_swap_within at 0 edits). Null when
    either side is null. -#}
{% macro within_one_edit(a, b) -%}
    {{ return(adapter.dispatch('within_one_edit', 'cdp')(a, b)) }}
{%- endmacro %}

{% macro default__within_one_edit(a, b) -%}
    (
        {{ cdp.edit_distance(a, b) }} <= 1
        or (length({{ a }}) = length({{ b }}) and {{ cdp.adjacent_swap_within(a, b, 0) }})
    )
{%- endmacro %}

{% macro duckdb__within_one_edit(a, b) -%}
    damerau_levenshtein({{ a }}, {{ b }}) <= 1
{%- endmacro %}

{#- True when some swap of two adjacent letters of a leaves a string at most `edits` Levenshtein
    edits from b (at 0: equal to b). Each position i tried, a's letters i and i + 1 exchanged (macro
    adjacent_swap_at). The one loop over the positions for within_one_edit (edits 0, where the engine
    has no Damerau-Levenshtein) and within_edits (edits - 1). Dispatched: DuckDB list_filter over
    range(), Spark exists() over sequence() (default__), PostgreSQL generate_series. -#}
{% macro adjacent_swap_within(a, b, edits) -%}
    {{ return(adapter.dispatch('adjacent_swap_within', 'cdp')(a, b, edits | int)) }}
{%- endmacro %}

{#- The test on the swap at position i (an SQL expression): equal to b at 0 edits, else Levenshtein. -#}
{% macro adjacent_swap_condition(a, i, b, edits) -%}
    {%- if edits == 0 -%}
        {{ cdp.adjacent_swap_at(a, i) }} = {{ b }}
    {%- else -%}
        {{ cdp.edit_distance(cdp.adjacent_swap_at(a, i), b) }} <= {{ edits }}
    {%- endif -%}
{%- endmacro %}

{% macro default__adjacent_swap_within(a, b, edits) -%}
    exists(
        sequence(1, greatest(length({{ a }}) - 1, 1)),
        i -> {{ cdp.adjacent_swap_condition(a, 'i', b, edits) }}
    )
{%- endmacro %}

{% macro duckdb__adjacent_swap_within(a, b, edits) -%}
    len(list_filter(
        range(1, greatest(length({{ a }}) - 1, 1) + 1),
        lambda i: {{ cdp.adjacent_swap_condition(a, 'i', b, edits) }}
    )) > 0
{%- endmacro %}

{% macro postgres__adjacent_swap_within(a, b, edits) -%}
    exists (
        select 1
        from generate_series(1, length({{ a }}) - 1) as swap(i)
        where {{ cdp.adjacent_swap_condition(a, 'swap.i', b, edits) }}
    )
{%- endmacro %}

{#- a with its letters i and i + 1 exchanged (i from 1; i an SQL expression, e.g. a lambda's variable). -#}
{% macro adjacent_swap_at(a, i) -%}
    concat(substr({{ a }}, 1, {{ i }} - 1), substr({{ a }}, {{ i }} + 1, 1), substr({{ a }}, {{ i }}, 1), substr({{ a }}, {{ i }} + 2))
{%- endmacro %}
