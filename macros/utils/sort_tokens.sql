{#- Space-separated tokens sorted alphabetically: an order-independent form of a name. -#}
{% macro sort_tokens(expr) -%}
    {{ return(adapter.dispatch('sort_tokens', 'cdp')(expr)) }}
{%- endmacro %}

{% macro default__sort_tokens(expr) -%}
    array_join(array_sort(split({{ expr }}, ' ')), ' ')
{%- endmacro %}

{% macro duckdb__sort_tokens(expr) -%}
    array_to_string(list_sort(string_split({{ expr }}, ' ')), ' ')
{%- endmacro %}

{#- Null stays null (array() of no rows would be '', not null). -#}
{% macro postgres__sort_tokens(expr) -%}
    case
        when {{ expr }} is not null
            then array_to_string(array(select t from unnest(string_to_array({{ expr }}, ' ')) as t order by t), ' ')
    end
{%- endmacro %}
