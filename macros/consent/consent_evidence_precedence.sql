{#- The order in which consent evidence wins, for an `order by`: the latest first; at the same
    instant revoked before granted (privacy first); then the smallest evidence id, so the choice is
    deterministic. The one definition of "latest evidence wins", per identifier and per customer.
    Evidence without a time comes last on every engine (PostgreSQL would put nulls first in a
    descending order, DuckDB and Spark last). -#}
{% macro consent_evidence_precedence(occurred_at='occurred_at', status='status', evidence_id='evidence_id') -%}
    {{ occurred_at }} desc nulls last,
    case {{ status }} when 'revoked' then 0 when 'granted' then 1 else 2 end asc,
    {{ evidence_id }} asc
{%- endmacro %}
