{#- True when every token (of two letters or more: initials are skipped) of one name appears in the
    other, in either direction, and the shorter name has at least two such tokens:
    'My Võ' ⊂ 'Ngọc My Võ', 'Vũ Đặng' ⊂ 'Đặng Bảo Vũ'. With single_token_min_length, a shorter name
    of one token that long or longer counts too ('Cruz' ⊂ 'Elizabeth Cruz': a form that kept one
    name; the Fellegi-Sunter name comparison, where it is weak evidence, not the deterministic
    rules). Takes matching forms (name_ascii). -#}
{% macro tokens_contained(a, b, single_token_min_length=none) -%}
    {{ return(adapter.dispatch('tokens_contained', 'cdp')(a, b, single_token_min_length)) }}
{%- endmacro %}

{% macro default__tokens_contained(a, b, single_token_min_length=none) -%}
    {%- set ta -%}filter(split({{ a }}, ' '), t -> length(t) > 1){%- endset -%}
    {%- set tb -%}filter(split({{ b }}, ' '), t -> length(t) > 1){%- endset -%}
    (
        ({{ cdp.tokens_contained_enough('size(' ~ ta ~ ')', ta ~ '[0]', single_token_min_length) }} and size(array_except({{ ta }}, {{ tb }})) = 0)
        or ({{ cdp.tokens_contained_enough('size(' ~ tb ~ ')', tb ~ '[0]', single_token_min_length) }} and size(array_except({{ tb }}, {{ ta }})) = 0)
    )
{%- endmacro %}

{% macro duckdb__tokens_contained(a, b, single_token_min_length=none) -%}
    {%- set ta -%}list_filter(string_split({{ a }}, ' '), lambda t: length(t) > 1){%- endset -%}
    {%- set tb -%}list_filter(string_split({{ b }}, ' '), lambda t: length(t) > 1){%- endset -%}
    (
        ({{ cdp.tokens_contained_enough('len(' ~ ta ~ ')', ta ~ '[1]', single_token_min_length) }} and list_has_all({{ tb }}, {{ ta }}))
        or ({{ cdp.tokens_contained_enough('len(' ~ tb ~ ')', tb ~ '[1]', single_token_min_length) }} and list_has_all({{ ta }}, {{ tb }}))
    )
{%- endmacro %}

{% macro postgres__tokens_contained(a, b, single_token_min_length=none) -%}
    {%- set ta -%}array(select t from unnest(string_to_array({{ a }}, ' ')) as t where length(t) > 1){%- endset -%}
    {%- set tb -%}array(select t from unnest(string_to_array({{ b }}, ' ')) as t where length(t) > 1){%- endset -%}
    (
        ({{ cdp.tokens_contained_enough('cardinality(' ~ ta ~ ')', '(' ~ ta ~ ')[1]', single_token_min_length) }} and {{ ta }} <@ {{ tb }})
        or ({{ cdp.tokens_contained_enough('cardinality(' ~ tb ~ ')', '(' ~ tb ~ ')[1]', single_token_min_length) }} and {{ tb }} <@ {{ ta }})
    )
{%- endmacro %}

{#- The shorter name has enough tokens to be contained: two, or one of single_token_min_length
    letters when that is given. -#}
{% macro tokens_contained_enough(token_count, first_token, single_token_min_length) -%}
    {%- if single_token_min_length is none -%}
        {{ token_count }} >= 2
    {%- else -%}
        ({{ token_count }} >= 2 or ({{ token_count }} = 1 and length({{ first_token }}) >= {{ single_token_min_length }}))
    {%- endif -%}
{%- endmacro %}

{#- True when one name is contained in the other but for one token written with a typo, the other name
    having more tokens: every token of the shorter name (two tokens or more) appears in the longer one
    except one, and that one is one edit (within_one_edit) from a token of the longer name that the
    shorter name lacks, both tokens of min_length letters or more. A dropped middle name and a typo at
    once: 'Lê Dũnj' / 'Lê Công Dũng', 'Hnah Trần' / 'Trần Thị Hạnh'. Given names of three letters or
    fewer are not read with a typo ('hox' could be 'hoa', 'hon' or 'hop'). False when either side is
    null. The token counts (spaces) are compared first, so the token lists are only built for the
    pairs whose counts differ (at 1M people a quarter of the pairs that reach name level 2).
    Takes matching forms (name_ascii: tokens separated by one space). -#}
{% macro tokens_contained_with_typo(a, b, min_length) -%}
    {%- set count_a = cdp.name_token_count(a) -%}
    {%- set count_b = cdp.name_token_count(b) -%}
    {%- set side = adapter.dispatch('tokens_contained_with_typo_side', 'cdp') -%}
    case
        when {{ count_a }} >= 2 and {{ count_a }} < {{ count_b }} then {{ side(a, b, min_length) }}
        when {{ count_b }} >= 2 and {{ count_b }} < {{ count_a }} then {{ side(b, a, min_length) }}
        else false
    end
{%- endmacro %}

{#- One side of tokens_contained_with_typo: the shorter name's tokens all in the longer one but one, which
    is one edit from a token the shorter lacks. Dispatched: Spark (default__), DuckDB, PostgreSQL. -#}
{% macro default__tokens_contained_with_typo_side(shorter, longer, min_length) -%}
    {%- set s -%}split({{ shorter }}, ' '){%- endset -%}
    {%- set l -%}split({{ longer }}, ' '){%- endset -%}
    {%- set missing -%}filter({{ s }}, t -> not array_contains({{ l }}, t)){%- endset -%}
    (
        size({{ missing }}) = 1 and length({{ missing }}[0]) >= {{ min_length }}
        and exists(
            {{ l }},
            x -> length(x) >= {{ min_length }} and not array_contains({{ s }}, x)
                and {{ cdp.within_one_edit(missing ~ '[0]', 'x') }}
        )
    )
{%- endmacro %}

{#- The missing tokens are computed once and bound to m (a one-element list's lambda), not repeated
    where they are read. Over the 3.4M pairs that reach name level 2 at 1M people the expression took
    14.4 s computed on every pair with the lists repeated, 8.2 s behind the CASE on the token counts,
    2.0 s behind the CASE and bound once. -#}
{% macro duckdb__tokens_contained_with_typo_side(shorter, longer, min_length) -%}
    {%- set s -%}string_split({{ shorter }}, ' '){%- endset -%}
    {%- set l -%}string_split({{ longer }}, ' '){%- endset -%}
    list_transform(
        [list_filter({{ s }}, lambda t: not list_contains({{ l }}, t))],
        lambda m: len(m) = 1 and length(m[1]) >= {{ min_length }}
            and list_bool_or(list_transform(
                {{ l }},
                lambda x: length(x) >= {{ min_length }} and not list_contains({{ s }}, x)
                    and {{ cdp.within_one_edit('m[1]', 'x') }}
            ))
    )[1]
{%- endmacro %}

{% macro postgres__tokens_contained_with_typo_side(shorter, longer, min_length) -%}
    {%- set s -%}string_to_array({{ shorter }}, ' '){%- endset -%}
    {%- set l -%}string_to_array({{ longer }}, ' '){%- endset -%}
    {%- set missing -%}array(select t from unnest({{ s }}) as t where not t = any({{ l }})){%- endset -%}
    (
        cardinality({{ missing }}) = 1 and length(({{ missing }})[1]) >= {{ min_length }}
        and exists (
            select 1
            from unnest({{ l }}) as x
            where
                length(x) >= {{ min_length }} and not x = any({{ s }})
                and {{ cdp.within_one_edit('(' ~ missing ~ ')[1]', 'x') }}
        )
    )
{%- endmacro %}
