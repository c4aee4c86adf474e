{#- The largest block one rule of var identity_blocking_rules pairs: the rule's own
    max_block_records, else var identity_fuzzy_max_block_records. A block holding more profiles
    pairs nothing. Fails at compile time when the cap is not a whole number of at least 2. -#}
{% macro identity_block_cap(rule) -%}
    {%- set cap = rule.get('max_block_records') if rule is mapping else none -%}
    {%- if cap is none -%}{%- set cap = var('identity_fuzzy_max_block_records') -%}{%- endif -%}
    {%- if cap is not number or cap != cap | int or cap < 2 -%}
        {{ exceptions.raise_compiler_error("var identity_blocking_rules: max_block_records of rule " ~ rule.get('name') ~ " (or var identity_fuzzy_max_block_records) must be a whole number of at least 2, e.g. 200; got " ~ cap) }}
    {%- endif -%}
    {{ return(cap | int) }}
{%- endmacro %}
