{#- The deterministic rules of var identity_deterministic_rules as an inline table
    (identifier_type, rule, priority, rule_rank, max_records, is_guarded), so SQL can join to
    configuration. rule_rank numbers the rules 1, 2, … by priority, then name: unique even when two
    rules share a priority.
    Guarded rules (email, phone by default) refuse links between records with different names or
    dates of birth; the others (account, card, order, social id, device) are strong identifiers,
    only subject to max_records. -#}
{% macro identity_rules_values() -%}
    {%- set rules = var('identity_deterministic_rules') -%}
    {%- if rules | length == 0 -%}
        {{ exceptions.raise_compiler_error("var identity_deterministic_rules is empty: configure at least one rule, e.g. email: {priority: 5, max_records: 2000}") }}
    {%- endif -%}
    {%- set ordered = [] -%}
    {%- for identifier_type, rule in rules.items() -%}
        {%- do ordered.append([rule['priority'], 'shared_' ~ identifier_type]) -%}
    {%- endfor -%}
    {%- set ranks = {} -%}
    {%- for priority_and_rule in ordered | sort -%}
        {%- do ranks.update({priority_and_rule[1]: loop.index}) -%}
    {%- endfor -%}
    {%- for identifier_type, rule in rules.items() %}
    select
        '{{ identifier_type }}' as identifier_type,
        'shared_{{ identifier_type }}' as rule,
        {{ rule['priority'] }} as priority,
        {{ ranks['shared_' ~ identifier_type] }} as rule_rank,
        {{ rule['max_records'] }} as max_records,
        {{ 'true' if rule.get('guarded', false) else 'false' }} as is_guarded
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
{%- endmacro %}
