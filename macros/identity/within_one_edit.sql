{#- True when two strings are equal or one edit apart: one letter inserted, deleted or replaced, or two
    adjacent letters swapped ('dnag' / 'dang', 'trnug' / 'trung': the keyboard's commonest typo, two
    edits for Levenshtein). The optimal string alignment distance at most 1, the same on every engine:
    DuckDB's damerau_levenshtein; elsewhere Levenshtein at most 1, or the same length and one swap of
    adjacent letters making one string the other (macro adjacent_swap_equals). Null when either side
    is null. -#}
{% macro within_one_edit(a, b) -%}
    {{ return(adapter.dispatch('within_one_edit', 'cdp')(a, b)) }}
{%- endmacro %}

{% macro default__within_one_edit(a, b) -%}
    (
        {{ cdp.edit_distance(a, b) }} <= 1
        or (length({{ a }}) = length({{ b }}) and {{ cdp.adjacent_swap_equals(a, b) }})
    )
{%- endmacro %}

{% macro duckdb__within_one_edit(a, b) -%}
    damerau_levenshtein({{ a }}, {{ b }}) <= 1
{%- endmacro %}

{#- True when swapping two adjacent letters of a gives b: each position i tried, a's letters i and i + 1
    exchanged. Spark (default__): exists() over sequence(); PostgreSQL: generate_series. -#}
{% macro adjacent_swap_equals(a, b) -%}
    {{ return(adapter.dispatch('adjacent_swap_equals', 'cdp')(a, b)) }}
{%- endmacro %}

{% macro default__adjacent_swap_equals(a, b) -%}
    exists(
        sequence(1, greatest(length({{ a }}) - 1, 1)),
        i -> {{ cdp.adjacent_swap_at(a, 'i') }} = {{ b }}
    )
{%- endmacro %}

{% macro postgres__adjacent_swap_equals(a, b) -%}
    exists (
        select 1
        from generate_series(1, length({{ a }}) - 1) as swap(i)
        where {{ cdp.adjacent_swap_at(a, 'swap.i') }} = {{ b }}
    )
{%- endmacro %}

{#- a with its letters i and i + 1 exchanged (i from 1; i an SQL expression, e.g. a lambda's variable). -#}
{% macro adjacent_swap_at(a, i) -%}
    concat(substr({{ a }}, 1, {{ i }} - 1), substr({{ a }}, {{ i }} + 1, 1), substr({{ a }}, {{ i }}, 1), substr({{ a }}, {{ i }} + 2))
{%- endmacro %}
