{#- True when some token of a space-separated name (tokens) is a spelling of value: the same, or, for a
    value of five letters or more, one edit away, or two when both have six letters or more
    ('crol' for 'carol', 'isbaella' for 'isabella'); a shorter value must appear as it is ('an' is one
    edit from 'van', 'tuan' from 'tran'). Null when either side is null. Used by given_names_conflict: a given
    name found among the other name's tokens, typo aside, is that name written in another order.
    except_token: an expression whose token is not looked at (the other name's own given name, when
    a typo of it is no evidence: 'Dũng' and 'Đông' are one letter apart). -#}
{% macro token_within_edits(value, tokens, except_token=none) -%}
    {{ return(adapter.dispatch('token_within_edits', 'cdp')(value, tokens, except_token)) }}
{%- endmacro %}

{% macro token_within_edits_condition(value, token, except_token=none) -%}
    (
        {%- if except_token is not none %}
        {{ token }} != coalesce({{ except_token }}, '') and (
        {%- endif %}
        {{ token }} = {{ value }}
        or (
            length({{ value }}) >= 5 and length({{ token }}) >= 3
            and abs(length({{ value }}) - length({{ token }})) <= 2
            and {{ cdp.edit_distance(value, token) }}
                <= case when length({{ value }}) >= 6 and length({{ token }}) >= 6 then 2 else 1 end
        )
        {%- if except_token is not none %}
        )
        {%- endif %}
    )
{%- endmacro %}

{% macro default__token_within_edits(value, tokens, except_token=none) -%}
    exists(split({{ tokens }}, ' '), t -> {{ cdp.token_within_edits_condition(value, 't', except_token) }})
{%- endmacro %}

{% macro duckdb__token_within_edits(value, tokens, except_token=none) -%}
    list_bool_or(list_transform(string_split({{ tokens }}, ' '), lambda t: {{ cdp.token_within_edits_condition(value, 't', except_token) }}))
{%- endmacro %}

{% macro postgres__token_within_edits(value, tokens, except_token=none) -%}
    (select bool_or({{ cdp.token_within_edits_condition(value, 't', except_token) }})
     from unnest(string_to_array({{ tokens }}, ' ')) as t)
{%- endmacro %}
