{#- True when both names carry middle names (tokens of two letters or more other than the family and
    given name keys) and they share none: 'Võ Thanh Tâm' and 'Võ Phương Tâm' are two people even though
    family and given names agree. False when either side has no middle name (an initial does not
    count). Takes the table aliases of the two records (columns name_tokens_sorted, family_name_key,
    given_name_key). -#}
{% macro middle_names_conflict(left, right) -%}
    {{ return(adapter.dispatch('middle_names_conflict', 'cdp')(left, right)) }}
{%- endmacro %}

{% macro default__middle_names_conflict(left, right) -%}
    {%- set ml -%}
        filter(split({{ left }}.name_tokens_sorted, ' '), t -> length(t) > 1
            and t != coalesce({{ left }}.family_name_key, '') and t != coalesce({{ left }}.given_name_key, ''))
    {%- endset -%}
    {%- set mr -%}
        filter(split({{ right }}.name_tokens_sorted, ' '), t -> length(t) > 1
            and t != coalesce({{ right }}.family_name_key, '') and t != coalesce({{ right }}.given_name_key, ''))
    {%- endset -%}
    coalesce(size({{ ml }}) > 0 and size({{ mr }}) > 0 and size(array_intersect({{ ml }}, {{ mr }})) = 0, false)
{%- endmacro %}

{% macro duckdb__middle_names_conflict(left, right) -%}
    {%- set ml -%}
        list_filter(string_split({{ left }}.name_tokens_sorted, ' '), lambda t: length(t) > 1
            and t != coalesce({{ left }}.family_name_key, '') and t != coalesce({{ left }}.given_name_key, ''))
    {%- endset -%}
    {%- set mr -%}
        list_filter(string_split({{ right }}.name_tokens_sorted, ' '), lambda t: length(t) > 1
            and t != coalesce({{ right }}.family_name_key, '') and t != coalesce({{ right }}.given_name_key, ''))
    {%- endset -%}
    coalesce(len({{ ml }}) > 0 and len({{ mr }}) > 0 and len(list_intersect({{ ml }}, {{ mr }})) = 0, false)
{%- endmacro %}

{% macro postgres__middle_names_conflict(left, right) -%}
    {%- set ml -%}
        array(select t from unnest(string_to_array({{ left }}.name_tokens_sorted, ' ')) as t where length(t) > 1
            and t != coalesce({{ left }}.family_name_key, '') and t != coalesce({{ left }}.given_name_key, ''))
    {%- endset -%}
    {%- set mr -%}
        array(select t from unnest(string_to_array({{ right }}.name_tokens_sorted, ' ')) as t where length(t) > 1
            and t != coalesce({{ right }}.family_name_key, '') and t != coalesce({{ right }}.given_name_key, ''))
    {%- endset -%}
    coalesce(cardinality({{ ml }}) > 0 and cardinality({{ mr }}) > 0 and not ({{ ml }} && {{ mr }}), false)
{%- endmacro %}
