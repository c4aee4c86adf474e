{#- The blocking key of one rule of var identity_blocking_rules ({name, keys: [SQL expressions over
    the profile columns], max_block_records: optional}): the keys cast to text and joined by '|'.
    Fails at compile time when the rule has no name or no keys. -#}
{% macro identity_blocking_key(rule) -%}
    {%- if rule is not mapping or not rule.get('name') or not rule.get('keys') -%}
        {{ exceptions.raise_compiler_error("var identity_blocking_rules: each rule needs a name and a list of keys, e.g. {name: date_of_birth, keys: [date_of_birth]}; got " ~ rule) }}
    {%- endif -%}
    {%- set parts = [] -%}
    {%- for key in rule['keys'] -%}
        {%- if not loop.first -%}{%- do parts.append("'|'") -%}{%- endif -%}
        {%- do parts.append(dbt.safe_cast('(' ~ key ~ ')', dbt.type_string())) -%}
    {%- endfor -%}
    {{ dbt.concat(parts) }}
{%- endmacro %}
