{#- The local part of an email as email_match_key() reads it: before the '@', '+tag' dropped.
    Takes email_normalized()'s result; '' for null. split_part() reads coalesce(email, ''): see
    email_is_placeholder (DuckDB 2.0). contact_steps() keeps it as column email_key_local_part. -#}
{% macro email_key_local_part(email) -%}
    {{ cdp.regexp_replace_all("split_part(coalesce(" ~ email ~ ", ''), '@', 1)", '[+].*$', '') }}
{%- endmacro %}
