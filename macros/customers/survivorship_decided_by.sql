{#- Which strategy put the winner before the runner-up (the best candidate with a different value):
    the first configured strategy whose keys differ between the two; 'tie_break' when none does (the
    final key source_table, source_record_id decided). winner and runner_up are the relation aliases
    carrying the key columns of survivorship_strategy_keys. -#}
{% macro survivorship_decided_by(attribute, winner, runner_up) -%}
    {%- set strategies = cdp.survivorship_config()[attribute]['strategies'] -%}
    {%- set keys = cdp.survivorship_strategy_keys() -%}
    case
        {%- for strategy in strategies %}
        when
            {%- for column_and_direction in keys[strategy] %}
            {%- set w = winner ~ '.' ~ column_and_direction[0] -%}
            {%- set r = runner_up ~ '.' ~ column_and_direction[0] %}
            {{ 'or ' if not loop.first }}coalesce({{ w }} != {{ r }}, {{ w }} is not null or {{ r }} is not null)
            {%- endfor %}
            then '{{ strategy }}'
        {%- endfor %}
        else 'tie_break'
    end
{%- endmacro %}
