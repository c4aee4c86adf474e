{#- The common given names (given_name_key), as the body of a CTE: the given names that
    int_identity_given_names_counted counts as common (is_common; var
    identity_common_given_name_share, family names never). Read by the two guards that tell two
    different common given names apart (macro common_given_names_differ): the deterministic
    different_common_given_names (int_identity_edges_deterministic) and the fuzzy
    conflicting_given_name (int_identity_pairs_compared). A record or profile has a common given
    name when its given_name_key is among them (a left join on given_name_key). -#}
{% macro common_given_names() -%}
    select given_name_key
    from {{ ref('int_identity_given_names_counted') }}
    where is_common
{%- endmacro %}
