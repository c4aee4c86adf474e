{#- The common given names, as the body of a CTE: the given names that int_identity_given_names_counted
    counts as common between two names with the same family name (is_common_with_same_family: Mai,
    Hà and Lâm, also family names, among them), with is_common, those common whatever the family
    names (var identity_common_given_name_share, family names never). Read by the two guards that
    tell two different common given names apart (macro common_given_names_differ): the deterministic
    different_common_given_names (int_identity_edges_deterministic) and the fuzzy
    conflicting_given_name (int_identity_pairs_compared). A record or profile gets its two flags from
    a left join on given_name_key (macro common_given_name_flags). -#}
{% macro common_given_names() -%}
    select
        given_name_key,
        is_common
    from {{ ref('int_identity_given_names_counted') }}
    where is_common_with_same_family
{%- endmacro %}

{#- The two columns common_given_names_differ reads, for a record or profile left-joined to the CTE
    of macro common_given_names under alias `common` on its given_name_key: has_common_given_name
    and has_common_given_name_with_same_family. -#}
{% macro common_given_name_flags(common) -%}
    coalesce({{ common }}.is_common, false) as has_common_given_name,
    {{ common }}.given_name_key is not null as has_common_given_name_with_same_family
{%- endmacro %}
