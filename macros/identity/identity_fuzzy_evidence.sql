{#- The evidence of a fuzzy link, spelt from its stored levels and weights (columns <comparison>_level,
    <comparison>_weight and prior_weight of int_identity_edges_fuzzy, under the table alias given):
    each comparison's level label and weight, then the prior's weight, e.g.
    'name=exact_ignoring_order(12.02) date_of_birth=exact(10.87) address=province(2.19)
    email=missing(0) phone=missing(0) prior(-13.49)'. identity_edges (a view) spells it when read, so
    the millions of refused pairs of int_identity_edges_fuzzy do not each store a string. -#}
{% macro identity_fuzzy_evidence(alias) -%}
    {%- set parts = [] -%}
    {%- for comparison in cdp.identity_comparisons() -%}
        {%- set label_sql -%}
            case {{ alias }}.{{ comparison.name }}_level
                {%- for level, level_label in comparison.levels.items() %} when {{ level }} then '{{ level_label }}'{% endfor %}
                else '{{ comparison.get('missing_label', 'missing') }}'
            end
        {%- endset -%}
        {%- do parts.extend([
            "'" ~ (' ' if not loop.first else '') ~ comparison.name ~ "='",
            label_sql,
            "'('",
            dbt.safe_cast(cdp.round_float(alias ~ '.' ~ comparison.name ~ '_weight', 2), dbt.type_string()),
            "')'",
        ]) -%}
    {%- endfor -%}
    {%- do parts.extend(["' prior('", dbt.safe_cast(cdp.round_float(alias ~ '.prior_weight', 2), dbt.type_string()), "')'"]) -%}
    {{ dbt.concat(parts) }}
{%- endmacro %}
