{#- The order in which consent evidence of the same instant wins: revoked (0) before granted (1), so
    a tie between a grant and a revocation resolves to revoked (privacy first). Used after
    "occurred_at desc" wherever the latest evidence is chosen. -#}
{% macro consent_status_rank(status) -%}
    case {{ status }} when 'revoked' then 0 when 'granted' then 1 else 2 end
{%- endmacro %}
