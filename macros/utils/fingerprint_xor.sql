{#- An aggregate: an order-free fingerprint of a group's rows, a bigint on every engine: the XOR of each
    row's 64-bit hash over `expressions`, shifted right by one bit (DuckDB's unsigned hash then fits a
    signed bigint; on PostgreSQL, already signed, it may be negative). Two groups holding the same
    rows in any order get the same value; a row added, removed or changed changes it (but for a chance of
    about 2^-63). The rows of a group must differ in the expressions (include a key): XOR cancels two
    identical rows. Incremental models compare their inputs with the stored ones by it:
    customer_attribute_lineage a customer's candidates, fct_orders a customer's orders and touches,
    fct_order_items an order's lines and order row, customer_consent a customer's evidence. DuckDB: hash() of hash() over the values (DuckDB
    combines the hashes of several values so that the last one enters by XOR: a last value the same on
    every row of a group, such as an order's amount on each of its lines, cancels out of the XOR of an
    even number of rows; hashing the row's hash again mixes it in); elsewhere the first 16 hex digits of
    the md5 of the values as text (null written as '∅', values joined by '|'). -#}
{% macro fingerprint_xor(expressions) -%}
    {%- if not expressions -%}
        {{ exceptions.raise_compiler_error("fingerprint_xor(): pass the expressions each row is hashed over") }}
    {%- endif -%}
    {{ return(adapter.dispatch('fingerprint_xor', 'cdp')(expressions)) }}
{%- endmacro %}

{% macro duckdb__fingerprint_xor(expressions) -%}
    cast(bit_xor(hash(hash({{ expressions | join(', ') }}))) >> 1 as bigint)
{%- endmacro %}

{% macro default__fingerprint_xor(expressions) -%}
    {%- set parts = [] -%}
    {%- for expression in expressions -%}
        {%- do parts.append("coalesce(cast(" ~ expression ~ " as " ~ dbt.type_string() ~ "), '∅')") -%}
        {%- if not loop.last -%}{%- do parts.append("'|'") -%}{%- endif -%}
    {%- endfor -%}
    bit_xor(cast(cast({{ dbt.concat(["'x'", "substr(" ~ dbt.hash(dbt.concat(parts)) ~ ", 1, 16)"]) }} as bit(64)) as bigint) >> 1)
{%- endmacro %}
