{#- Capitalise the first letter of every space-separated word, lower-case the rest (Unicode-aware). -#}
{% macro proper_case(expr) -%}
    {{ return(adapter.dispatch('proper_case', 'cdp')(expr)) }}
{%- endmacro %}

{% macro default__proper_case(expr) -%}
    initcap({{ expr }})
{%- endmacro %}

{% macro duckdb__proper_case(expr) -%}
    array_to_string(
        list_transform(string_split(lower({{ expr }}), ' '), lambda w: upper(left(w, 1)) || substr(w, 2)),
        ' '
    )
{%- endmacro %}

{#- As duckdb__proper_case(): initcap() would also capitalise after hyphens and apostrophes. -#}
{% macro postgres__proper_case(expr) -%}
    case
        when {{ expr }} is not null then array_to_string(
            array(
                select upper(left(words.word, 1)) || substr(words.word, 2)
                from unnest(string_to_array(lower({{ expr }}), ' ')) with ordinality as words (word, position)
                order by words.position
            ),
            ' '
        )
    end
{%- endmacro %}
