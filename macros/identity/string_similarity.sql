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
        DuckDB's fused multiply-add does.
        Every intermediate value is named once by an aggregate() over a one-element array (jw_s: the two
        strings; jw_b: the match of a character; jw_m: the matches; jw_r: jaro and prefix), so a and b
        appear once in the SQL: Spark's analyser took 41 s over a model with four similarities when each
        was spelled out where it was used (about 11 KB of SQL each, a and b forty times over).
        The fused multiply-add is exact integer arithmetic: for jaro in (0.7, 1], jaro and 1 - jaro are
        multiples of 2^-53 and prefix * 0.1 (as a double) one of 2^-56, so
        N = (prefix * 0.1 * 2^56) * ((1 - jaro) * 2^53) + jaro * 2^53 * 2^56 is an integer below 2^110,
        exact in decimal(38, 0); N as a double is rounded once (to nearest, ties to even, as Math.fma),
        and times 2^-109 it is the result. Deterministic, unlike java_method(), so it may sit inside the
        lambda. -#}
    {%- set la = 'length(jw_s.a)' -%}
    {%- set lb = 'length(jw_s.b)' -%}
    {%- set reach -%}cast(greatest(floor(greatest({{ la }}, {{ lb }}) / 2) - 1, 0) as int){%- endset -%}
    {%- set lo -%}greatest(1, jw_i - {{ reach }}){%- endset -%}
    {%- set hi -%}least({{ lb }}, jw_i + {{ reach }}){%- endset -%}
    {%- set match -%}
        element_at(filter(
            if({{ lo }} <= {{ hi }}, sequence({{ lo }}, {{ hi }}), cast(array() as array<int>)),
            jw_j -> substr(jw_s.b, jw_j, 1) = substr(jw_s.a, jw_i, 1) and not array_contains(jw_acc.bj, jw_j)
        ), 1)
    {%- endset -%}
    {%- set matches -%}
        aggregate(
            if({{ la }} > 0, sequence(1, {{ la }}), cast(array() as array<int>)),
            named_struct('ai', cast(array() as array<int>), 'bj', cast(array() as array<int>)),
            (jw_acc, jw_i) -> aggregate(array({{ match }}), jw_acc, (jw_kept, jw_b) -> if(
                jw_b is null,
                jw_kept,
                named_struct('ai', concat(jw_kept.ai, array(jw_i)), 'bj', concat(jw_kept.bj, array(jw_b)))
            )),
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
                    jw_k -> substr(jw_s.a, jw_m.ai[jw_k - 1], 1) != substr(jw_s.b, jw_m.bj[jw_k - 1], 1)
                )) / 2)) / size(jw_m.ai)
            ) / 3
        end)
    {%- endset -%}
    {%- set prefix -%}
        size(filter(sequence(1, least(4, {{ la }}, {{ lb }})), jw_k -> substr(jw_s.a, 1, jw_k) = substr(jw_s.b, 1, jw_k)))
    {%- endset -%}
    {%- set two_56 = '72057594037927936' -%}
    {%- set two_53 = '9007199254740992' -%}
    {%- set two_minus_109 = '1.5407439555097887E-33' -%}
    {%- set fused -%}
        cast(
            cast(cast(cast(jw_r.p as double) * cast(0.1 as double) * cast({{ two_56 }} as double) as bigint) as decimal(20, 0))
            * cast(cast((1 - jw_r.j) * cast({{ two_53 }} as double) as bigint) as decimal(20, 0))
            + cast(cast(jw_r.j * cast({{ two_53 }} as double) as bigint) as decimal(20, 0))
            * cast({{ two_56 }} as decimal(20, 0))
            as double
        ) * {{ two_minus_109 }}
    {%- endset -%}
    aggregate(
        array(named_struct('a', {{ a }}, 'b', {{ b }})),
        cast(null as double),
        (jw_none, jw_s) -> case
            when jw_s.a is null or jw_s.b is null then cast(null as double)
            else aggregate(
                array(named_struct('j', {{ jaro }}, 'p', {{ prefix }})),
                cast(null as double),
                (jw_unset, jw_r) -> if(jw_r.j > 0.7, {{ fused }}, jw_r.j)
            )
        end
    )
{%- endmacro %}
