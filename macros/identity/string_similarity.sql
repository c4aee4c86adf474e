{#- Similarity of two strings in [0, 1]: Jaro-Winkler, bit-for-bit DuckDB's result: built in on DuckDB,
    through cdp_jaro_winkler() on PostgreSQL (created by the on-run-start hook cdp_create_functions),
    spelled out in SQL on Spark; on other engines, one minus the Levenshtein distance over the longer
    length. Null when either side is null. -#}
{% macro string_similarity(a, b) -%}
    {{ return(adapter.dispatch('string_similarity', 'cdp')(a, b)) }}
{%- endmacro %}

{% macro default__string_similarity(a, b) -%}
    (1.0 - cast(levenshtein({{ a }}, {{ b }}) as double) / greatest(length({{ a }}), length({{ b }}), 1))
{%- endmacro %}

{% macro duckdb__string_similarity(a, b) -%}
    jaro_winkler_similarity({{ a }}, {{ b }})
{%- endmacro %}

{% macro postgres__string_similarity(a, b) -%}
    {{ target.schema }}.cdp_jaro_winkler({{ a }}, {{ b }})
{%- endmacro %}

{% macro spark__string_similarity(a, b) -%}
    {#- Jaro-Winkler as DuckDB computes it (rapidfuzz): characters match when equal and at most
        max(len) / 2 - 1 apart, each character of b matched once, greedily in a's order; t is half the
        matched characters out of order (rounded down); jaro = (m / len(a) + m / len(b) + (m - t) / m) / 3;
        above 0.7 a common prefix of up to 4 characters adds prefix * 0.1 * (1 - jaro), rounded once as
        DuckDB's fused multiply-add does (Math.fma). An aggregate() over a one-element array names an
        intermediate value once. -#}
    {%- set la -%}length({{ a }}){%- endset -%}
    {%- set lb -%}length({{ b }}){%- endset -%}
    {%- set reach -%}cast(greatest(floor(greatest({{ la }}, {{ lb }}) / 2) - 1, 0) as int){%- endset -%}
    {%- set lo -%}greatest(1, jw_i - {{ reach }}){%- endset -%}
    {%- set hi -%}least({{ lb }}, jw_i + {{ reach }}){%- endset -%}
    {%- set match -%}
        element_at(filter(
            if({{ lo }} <= {{ hi }}, sequence({{ lo }}, {{ hi }}), cast(array() as array<int>)),
            jw_j -> substr({{ b }}, jw_j, 1) = substr({{ a }}, jw_i, 1) and not array_contains(jw_acc.bj, jw_j)
        ), 1)
    {%- endset -%}
    {%- set matches -%}
        aggregate(
            if({{ la }} > 0, sequence(1, {{ la }}), cast(array() as array<int>)),
            named_struct('ai', cast(array() as array<int>), 'bj', cast(array() as array<int>)),
            (jw_acc, jw_i) -> if(
                {{ match }} is null,
                jw_acc,
                named_struct('ai', concat(jw_acc.ai, array(jw_i)), 'bj', concat(jw_acc.bj, array({{ match }})))
            ),
            jw_acc -> named_struct('ai', jw_acc.ai, 'bj', array_sort(jw_acc.bj))
        )
    {%- endset -%}
    {%- set jaro -%}
        aggregate(array({{ matches }}), cast(0 as double), (jw_zero, jw_m) -> case
            when size(jw_m.ai) = 0 then cast(0 as double)
            else (
                size(jw_m.ai) / {{ la }}
                + size(jw_m.ai) / {{ lb }}
                + (size(jw_m.ai) - floor(size(filter(
                    sequence(1, size(jw_m.ai)),
                    jw_k -> substr({{ a }}, jw_m.ai[jw_k - 1], 1) != substr({{ b }}, jw_m.bj[jw_k - 1], 1)
                )) / 2)) / size(jw_m.ai)
            ) / 3
        end)
    {%- endset -%}
    {%- set prefix -%}
        size(filter(sequence(1, least(4, {{ la }}, {{ lb }})), jw_k -> substr({{ a }}, 1, jw_k) = substr({{ b }}, 1, jw_k)))
    {%- endset -%}
    {#- java_method() is nondeterministic: Spark cannot evaluate it inside a lambda, so jaro is
        spelled out where it is needed rather than named by one more aggregate(). -#}
    case
        when {{ a }} is null or {{ b }} is null then null
        when {{ jaro }} > 0.7 then cast(java_method(
            'java.lang.Math', 'fma', cast({{ prefix }} as double) * cast(0.1 as double), 1 - {{ jaro }}, {{ jaro }}
        ) as double)
        else {{ jaro }}
    end
{%- endmacro %}
