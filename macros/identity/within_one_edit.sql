{#- True when two strings are equal or one edit apart: one letter inserted, deleted or replaced, or two
    adjacent letters swapped ('dnag' / 'dang', 'trnug' / 'trung': the keyboard's commonest typo, two
    edits for Levenshtein). The optimal string alignment distance at most 1, the same on every engine:
    DuckDB's damerau_levenshtein; elsewhere Levenshtein at most 1, or the same length and one swap of
    adjacent letters making one string the other. Null when either side is null. -#}
{% macro within_one_edit(a, b) -%}
    {{ return(adapter.dispatch('within_one_edit', 'cdp')(a, b)) }}
{%- endmacro %}

{% macro default__within_one_edit(a, b) -%}
    (
        {{ cdp.edit_distance(a, b) }} <= 1
        or (
            length({{ a }}) = length({{ b }})
            and exists(
                sequence(1, greatest(length({{ a }}) - 1, 1)),
                i -> concat(substr({{ a }}, 1, i - 1), substr({{ a }}, i + 1, 1), substr({{ a }}, i, 1), substr({{ a }}, i + 2)) = {{ b }}
            )
        )
    )
{%- endmacro %}

{% macro duckdb__within_one_edit(a, b) -%}
    damerau_levenshtein({{ a }}, {{ b }}) <= 1
{%- endmacro %}

{% macro postgres__within_one_edit(a, b) -%}
    (
        {{ cdp.edit_distance(a, b) }} <= 1
        or (
            length({{ a }}) = length({{ b }})
            and exists (
                select 1
                from generate_series(1, length({{ a }}) - 1) as swap(i)
                where substr({{ a }}, 1, swap.i - 1) || substr({{ a }}, swap.i + 1, 1) || substr({{ a }}, swap.i, 1) || substr({{ a }}, swap.i + 2) = {{ b }}
            )
        )
    )
{%- endmacro %}
