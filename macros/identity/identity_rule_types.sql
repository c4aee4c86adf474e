{#- The identifier types whose rule in var identity_deterministic_rules turns `setting` on
    (compare_emails, compare_given_names), in the var's order: the one place the deterministic models
    read these settings. compare_emails compares the records' emails, the identifiers of the rule
    'email': a configuration with compare_emails and no such rule fails at compile time. -#}
{% macro identity_rule_types(setting) -%}
    {%- set rules_config = var('identity_deterministic_rules') -%}
    {%- set identifier_types = [] -%}
    {%- for identifier_type, rule in rules_config.items() if rule.get(setting, false) -%}
        {%- do identifier_types.append(identifier_type) -%}
    {%- endfor -%}
    {%- if setting == 'compare_emails' and identifier_types and 'email' not in rules_config -%}
        {{ exceptions.raise_compiler_error("var identity_deterministic_rules: compare_emails (on " ~ identifier_types | join(', ') ~ ") reads the records' emails, the identifiers of the rule 'email'; add that rule or drop compare_emails") }}
    {%- endif -%}
    {{ return(identifier_types) }}
{%- endmacro %}
