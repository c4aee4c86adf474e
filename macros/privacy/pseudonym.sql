{#- A pseudonym of a personal value for the masked marts (docs/privacy.md "Masked marts"): the SHA-256
    (hex) of the warehouse's secret key (model pseudonymisation_key), ':' and the value; null for null.
    Unlike a plain SHA-256 of an email or phone, which anyone can recompute for every number of a mobile
    range and so read back, it cannot be reversed or recomputed without the key, which is kept in schema
    secrets, never published nor granted to the BI role. The same value gives the same pseudonym in every
    masked mart while the key is kept, so analysts join and count on it. `key`: the key column of a
    relation the model joins (one row). -#}
{% macro pseudonym(expr, key) -%}
    case when {{ expr }} is not null then {{ cdp.sha256_hex(dbt.concat([key, "':'", expr])) }} end
{%- endmacro %}

{#- A secret drawn at random by the engine: 64 hex digits from two random UUIDs (macro random_uuid_text). -#}
{% macro random_secret() -%}
    {{ cdp.sha256_hex(dbt.concat([cdp.random_uuid_text(), cdp.random_uuid_text()])) }}
{%- endmacro %}

{% macro random_uuid_text() -%}
    {{ return(adapter.dispatch('random_uuid_text', 'cdp')()) }}
{%- endmacro %}

{% macro default__random_uuid_text() -%}
    cast(gen_random_uuid() as {{ dbt.type_string() }})
{%- endmacro %}

{% macro spark__random_uuid_text() -%}
    uuid()
{%- endmacro %}
