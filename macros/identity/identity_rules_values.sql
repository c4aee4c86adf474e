{#- The deterministic rules of var identity_deterministic_rules as an inline table
    (identifier_type, rule, priority, max_records, is_guarded), so SQL can join to configuration.
    Guarded rules (email, phone by default) refuse links between records with different names or
    dates of birth; the others (account, card, order, social id, device) are strong identifiers,
    only subject to max_records. -#}
{% macro identity_rules_values() -%}
    {%- set rules = var('identity_deterministic_rules') -%}
    {%- if rules | length == 0 -%}
        {{ exceptions.raise_compiler_error("var identity_deterministic_rules is empty: configure at least one rule, e.g. email: {priority: 5, max_records: 2000}") }}
    {%- endif -%}
    {%- for identifier_type, rule in rules.items() %}
    select
        '{{ identifier_type }}' as identifier_type,
        'shared_{{ identifier_type }}' as rule,
        {{ rule['priority'] }} as priority,
        {{ rule['max_records'] }} as max_records,
        {{ 'true' if rule.get('guarded', false) else 'false' }} as is_guarded
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
{%- endmacro %}
