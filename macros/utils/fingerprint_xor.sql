{#- An aggregate: an order-free 63-bit fingerprint of a group's rows, the XOR of each row's 64-bit hash over
    `expressions` (kept to 63 bits to fit a signed bigint on every engine). Two groups holding the same
    rows in any order get the same value; a row added, removed or changed changes it (but for a chance of
    about 2^-63). The rows of a group must differ in the expressions (include a key): XOR cancels two
    identical rows. customer_attribute_lineage compares a customer's candidates with the stored ones by
    it. DuckDB: hash() over the values; elsewhere the first 16 hex digits of the md5 of the values as text
    (null written as '∅', values joined by '|'). -#}
{% macro fingerprint_xor(expressions) -%}
    {%- if not expressions -%}
        {{ exceptions.raise_compiler_error("fingerprint_xor(): pass the expressions each row is hashed over") }}
    {%- endif -%}
    {{ return(adapter.dispatch('fingerprint_xor', 'cdp')(expressions)) }}
{%- endmacro %}

{% macro duckdb__fingerprint_xor(expressions) -%}
    cast(bit_xor(hash({{ expressions | join(', ') }})) >> 1 as bigint)
{%- endmacro %}

{% macro default__fingerprint_xor(expressions) -%}
    {%- set parts = [] -%}
    {%- for expression in expressions -%}
        {%- do parts.append("coalesce(cast(" ~ expression ~ " as " ~ dbt.type_string() ~ "), '∅')") -%}
        {%- if not loop.last -%}{%- do parts.append("'|'") -%}{%- endif -%}
    {%- endfor -%}
    bit_xor(cast(cast({{ dbt.concat(["'x'", "substr(" ~ dbt.hash(dbt.concat(parts)) ~ ", 1, 16)"]) }} as bit(64)) as bigint) >> 1)
{%- endmacro %}
