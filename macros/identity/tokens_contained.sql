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

{#- True when one name (two tokens or more, of two letters or more) is contained in the other but for
    one token written with a typo: every token of the shorter name appears in the longer one except
    one, and that one is one edit (within_one_edit) from a token of the longer name that the shorter
    name lacks, both tokens of min_length letters or more. A dropped middle name and a typo at once:
    'Lê Dũnj' / 'Lê Công Dũng', 'Hnah Trần' / 'Trần Thị Hạnh'. Given names of three letters or fewer
    are not read with a typo ('hox' could be 'hoa', 'hon' or 'hop'). Takes matching forms (name_ascii). -#}
{% macro tokens_contained_with_typo(a, b, min_length) -%}
    {{ return(adapter.dispatch('tokens_contained_with_typo', 'cdp')(a, b, min_length)) }}
{%- endmacro %}

{% macro default__tokens_contained_with_typo(a, b, min_length) -%}
    {%- set ta -%}filter(split({{ a }}, ' '), t -> length(t) > 1){%- endset -%}
    {%- set tb -%}filter(split({{ b }}, ' '), t -> length(t) > 1){%- endset -%}
    {%- set ns = namespace(sides=[]) -%}
    {%- for short, long in [(ta, tb), (tb, ta)] -%}
        {%- set missing -%}filter({{ short }}, t -> not array_contains({{ long }}, t)){%- endset -%}
        {%- set side -%}
        (
            size({{ short }}) >= 2 and size({{ short }}) <= size({{ long }})
            and size({{ missing }}) = 1 and length({{ missing }}[0]) >= {{ min_length }}
            and exists(
                filter({{ long }}, x -> not array_contains({{ short }}, x) and length(x) >= {{ min_length }}),
                x -> {{ cdp.within_one_edit(missing ~ '[0]', 'x') }}
            )
        )
        {%- endset -%}
        {%- do ns.sides.append(side) -%}
    {%- endfor -%}
    ({{ ns.sides | join(' or ') }})
{%- endmacro %}

{% macro duckdb__tokens_contained_with_typo(a, b, min_length) -%}
    {%- set ta -%}list_filter(string_split({{ a }}, ' '), lambda t: length(t) > 1){%- endset -%}
    {%- set tb -%}list_filter(string_split({{ b }}, ' '), lambda t: length(t) > 1){%- endset -%}
    {%- set ns = namespace(sides=[]) -%}
    {%- for short, long in [(ta, tb), (tb, ta)] -%}
        {%- set missing -%}list_filter({{ short }}, lambda t: not list_contains({{ long }}, t)){%- endset -%}
        {%- set side -%}
        (
            len({{ short }}) >= 2 and len({{ short }}) <= len({{ long }})
            and len({{ missing }}) = 1 and length({{ missing }}[1]) >= {{ min_length }}
            and list_bool_or(list_transform(
                list_filter({{ long }}, lambda x: not list_contains({{ short }}, x) and length(x) >= {{ min_length }}),
                lambda x: {{ cdp.within_one_edit(missing ~ '[1]', 'x') }}
            ))
        )
        {%- endset -%}
        {%- do ns.sides.append(side) -%}
    {%- endfor -%}
    ({{ ns.sides | join(' or ') }})
{%- endmacro %}

{% macro postgres__tokens_contained_with_typo(a, b, min_length) -%}
    {%- set ta -%}array(select t from unnest(string_to_array({{ a }}, ' ')) as t where length(t) > 1){%- endset -%}
    {%- set tb -%}array(select t from unnest(string_to_array({{ b }}, ' ')) as t where length(t) > 1){%- endset -%}
    {%- set ns = namespace(sides=[]) -%}
    {%- for short, long in [(ta, tb), (tb, ta)] -%}
        {%- set missing -%}array(select t from unnest({{ short }}) as t where not t = any({{ long }})){%- endset -%}
        {%- set side -%}
        (
            cardinality({{ short }}) >= 2 and cardinality({{ short }}) <= cardinality({{ long }})
            and cardinality({{ missing }}) = 1 and length(({{ missing }})[1]) >= {{ min_length }}
            and exists (
                select 1
                from unnest({{ long }}) as x
                where
                    not x = any({{ short }}) and length(x) >= {{ min_length }}
                    and {{ cdp.within_one_edit('(' ~ missing ~ ')[1]', 'x') }}
            )
        )
        {%- endset -%}
        {%- do ns.sides.append(side) -%}
    {%- endfor -%}
    ({{ ns.sides | join(' or ') }})
{%- endmacro %}
