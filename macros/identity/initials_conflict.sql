{#- True when an initial of one name (a one-letter token: 'Nguyễn H. Minh' reads 'h minh nguyen') is
    the first letter of no token of the other name: 'Nguyễn H. Minh' is not 'Nguyễn Minh Thu', nor
    'Phan H. Khanh' 'Phan Quang Khánh', although their other tokens are contained in the other name.
    An initial written for a name keeps its first letter ('Nguyễn H. Minh' for 'Nguyễn Hoàng Minh'),
    and a name without a middle name (fewer than three tokens of two letters or more: 'Minh Nguyễn')
    has nothing for an initial to disagree with. False when either side has no name or no initial. Takes the table aliases of the two records
    (column name_tokens_sorted). -#}
{% macro initials_conflict(left, right) -%}
    {#- A case, so that the list functions only run on the few names with a one-letter token. -#}
    {%- set has_initial = [] -%}
    {%- set directions = [] -%}
    {%- for initials_of, other in [(left, right), (right, left)] -%}
        {%- do has_initial.append(dbt.concat(["' '", initials_of ~ '.name_tokens_sorted', "' '"]) ~ " like '% _ %'") -%}
        {%- do directions.append('(' ~ adapter.dispatch('initial_missing_from', 'cdp')(initials_of, other) ~ ')') -%}
    {%- endfor -%}
    (case
        when {{ has_initial | join(' or ') }}
            then coalesce({{ directions | join(' or ') }}, false)
        else false
    end)
{%- endmacro %}

{#- One direction of initials_conflict: the name of initials_of has an initial that is the first letter
    of no token of the name of other, and other has a middle name (three tokens of two letters or
    more). Engine-specific list functions: DuckDB lists, PostgreSQL arrays, Spark higher-order
    functions (default). -#}
{% macro default__initial_missing_from(initials_of, other) -%}
    size(filter(split({{ other }}.name_tokens_sorted, ' '), t -> length(t) > 1)) >= 3
    and size(filter(split({{ initials_of }}.name_tokens_sorted, ' '), t -> length(t) = 1 and instr({{ cdp.name_initials(other ~ '.name_tokens_sorted') }}, t) = 0)) > 0
{%- endmacro %}

{% macro duckdb__initial_missing_from(initials_of, other) -%}
    len(list_filter(string_split({{ other }}.name_tokens_sorted, ' '), lambda t: length(t) > 1)) >= 3
    and len(list_filter(string_split({{ initials_of }}.name_tokens_sorted, ' '), lambda t: length(t) = 1 and strpos({{ cdp.name_initials(other ~ '.name_tokens_sorted') }}, t) = 0)) > 0
{%- endmacro %}

{% macro postgres__initial_missing_from(initials_of, other) -%}
    (select count(*) from unnest(string_to_array({{ other }}.name_tokens_sorted, ' ')) as t where length(t) > 1) >= 3
    and exists (select 1 from unnest(string_to_array({{ initials_of }}.name_tokens_sorted, ' ')) as t where length(t) = 1 and strpos({{ cdp.name_initials(other ~ '.name_tokens_sorted') }}, t) = 0)
{%- endmacro %}
