{#- True when two named records' given names are two different common given names (the flags of
    macro common_given_name_flags, from int_identity_given_names_counted): both common (or both
    common between names of one family and the family names the same: 'Huỳnh Thanh Mai' / 'Huỳnh
    Thanh Tài', Mai a family name too), different,
    and each missing from the other's name ('Lê Hoàng Dũng', 'Lê Hoàng Đông': one letter apart, each
    the name of thousands of people), or, when one name has fewer tokens, the longer name's given
    name missing from the shorter ('Nguyễn Thanh' inside 'Nguyễn Thanh Giang': Giang's sibling, not
    Giang without a middle name, which would read 'Nguyễn Giang'). A typo is a rare spelling, not a
    common name ('Nam', 'Nma'), and a typo in another token that moves the given name leaves the
    real one in both names ('Vy Hoang Duy' for 'Vũ Hoàng Duy' reads given name 'vy'; 'duy' is in
    both): neither is a conflict. False when either given name is unknown. Takes the table aliases
    of the two records (columns given_name_key, family_name_key, name_tokens_sorted and the two
    flags).
    typos: when the family names disagree (macro family_names_disagree), a given name is also
    present when a token of the other name other than its given name is that name with a typo
    (macro token_within_edits): 'Christopher Martniez' and 'Martinez
    Christophew', each read given-name-first, are one name in two orders; 'Dũng' is still not
    'Đông'; and the longer name's given name missing from a shorter name counts only when the
    shorter has two tokens or more (a name of one token, 'Peterson', is not a sibling's). The
    fuzzy guard passes it; the deterministic rules do not. -#}
{% macro common_given_names_differ(left, right, typos=false) -%}
    {%- set ns = namespace(absent=[], tokens=[]) -%}
    {%- for given, other in [(left, right), (right, left)] -%}
        {%- set exact_absent = dbt.position(
                dbt.concat(["' '", given ~ '.given_name_key', "' '"]),
                dbt.concat(["' '", other ~ '.name_tokens_sorted', "' '"])
            ) ~ ' = 0' -%}
        {%- if typos -%}
            {%- do ns.absent.append('(' ~ exact_absent ~ ' and not (' ~ cdp.family_names_disagree(left, right)
                ~ ' and coalesce(' ~ cdp.token_within_edits(
                given ~ '.given_name_key', other ~ '.name_tokens_sorted', other ~ '.given_name_key') ~ ', false)))') -%}
        {%- else -%}
            {%- do ns.absent.append(exact_absent) -%}
        {%- endif -%}
        {%- do ns.tokens.append(cdp.name_token_count(given ~ '.name_tokens_sorted')) -%}
    {%- endfor -%}
    coalesce(
        (
            ({{ left }}.has_common_given_name and {{ right }}.has_common_given_name)
            or (
                {{ left }}.has_common_given_name_with_same_family
                and {{ right }}.has_common_given_name_with_same_family
                and {{ left }}.family_name_key = {{ right }}.family_name_key
            )
        )
        and {{ left }}.given_name_key != {{ right }}.given_name_key
        and (
            ({{ ns.absent | join(' and ') }})
            or ({{ ns.tokens[0] }} > {{ ns.tokens[1] }}{% if typos %} and {{ ns.tokens[1] }} >= 2{% endif %} and {{ ns.absent[0] }})
            or ({{ ns.tokens[1] }} > {{ ns.tokens[0] }}{% if typos %} and {{ ns.tokens[0] }} >= 2{% endif %} and {{ ns.absent[1] }})
        ),
        false
    )
{%- endmacro %}
