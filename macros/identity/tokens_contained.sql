{#- True when every token (of two letters or more: initials are skipped) of one name appears in the
    other, in either direction, and the shorter name has at least two such tokens:
    'My Võ' ⊂ 'Ngọc My Võ', 'Vũ Đặng' ⊂ 'Đặng Bảo Vũ'. Takes matching forms (name_ascii). -#}
{% macro tokens_contained(a, b) -%}
    {{ return(adapter.dispatch('tokens_contained', 'cdp')(a, b)) }}
{%- endmacro %}

{% macro default__tokens_contained(a, b) -%}
    {%- set ta -%}filter(split({{ a }}, ' '), t -> length(t) > 1){%- endset -%}
    {%- set tb -%}filter(split({{ b }}, ' '), t -> length(t) > 1){%- endset -%}
    (
        (size({{ ta }}) >= 2 and size(array_except({{ ta }}, {{ tb }})) = 0)
        or (size({{ tb }}) >= 2 and size(array_except({{ tb }}, {{ ta }})) = 0)
    )
{%- endmacro %}

{% macro duckdb__tokens_contained(a, b) -%}
    {%- set ta -%}list_filter(string_split({{ a }}, ' '), lambda t: length(t) > 1){%- endset -%}
    {%- set tb -%}list_filter(string_split({{ b }}, ' '), lambda t: length(t) > 1){%- endset -%}
    (
        (len({{ ta }}) >= 2 and list_has_all({{ tb }}, {{ ta }}))
        or (len({{ tb }}) >= 2 and list_has_all({{ ta }}, {{ tb }}))
    )
{%- endmacro %}

{% macro postgres__tokens_contained(a, b) -%}
    {%- set ta -%}array(select t from unnest(string_to_array({{ a }}, ' ')) as t where length(t) > 1){%- endset -%}
    {%- set tb -%}array(select t from unnest(string_to_array({{ b }}, ' ')) as t where length(t) > 1){%- endset -%}
    (
        (cardinality({{ ta }}) >= 2 and {{ ta }} <@ {{ tb }})
        or (cardinality({{ tb }}) >= 2 and {{ tb }} <@ {{ ta }})
    )
{%- endmacro %}
