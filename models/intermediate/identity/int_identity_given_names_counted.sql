{#- Given names as the named identity records carry them, counted: a given name carried by at least
    var identity_common_given_name_share of the named records is common, a name in its own right
    and not a typo of another (a typo is a rare spelling: 'nma' beside 'nam'). A given name that is
    also a family name is not common (is_common): it may be a family name read as the given name of a name
    written in another order ('Mai Nguyen' reads given name 'nguyen'; 'Gray Rodriguez', Rodriguez
    first, reads 'gray'). A family name is one of the seed vn_family_names (Mai, Hà, Vũ, Lâm, …), or
    a name the records carry as a family name at least as often as as a given name (names of other
    countries: in a set of international customers half of the "common given names" were family names
    written first, and 'Gary' / 'Gray' read as two people).
    is_common_with_same_family: the same test without the seed: a Vietnamese family name that is a
    common given name too (Mai, Hà, Lâm, Ly) is a name in its own right between two names that carry
    the same family name, read in the same order ('Huỳnh Thanh Mai' / 'Huỳnh Thanh Tài' on one
    phone: two people, one letter apart); is_common is the subset that holds whatever the two family
    names are.
    Read through macro common_given_names by the guards that tell two different common given names
    apart (macro common_given_names_differ): the deterministic different_common_given_names and the
    fuzzy conflicting_given_name (int_identity_pairs_compared).
    Grain: one row per given_name_key. -#}
with

records as (

    select
        given_name_key,
        family_name_key
    from {{ ref('int_identity_records_unioned') }}
    where given_name_key is not null or family_name_key is not null

),

counted as (

    select
        given_name_key,
        count(*) as record_count
    from records
    where given_name_key is not null
    group by given_name_key

),

family_counted as (

    select
        family_name_key,
        count(*) as family_record_count
    from records
    where family_name_key is not null
    group by family_name_key

),

measured as (

    select
        counted.given_name_key,
        counted.record_count,
        counted.record_count >= {{ var('identity_common_given_name_share') }} * sum(counted.record_count) over ()
        and coalesce(family_counted.family_record_count, 0) < counted.record_count as is_frequent_given_name
    from counted
    left join family_counted on counted.given_name_key = family_counted.family_name_key

),

final as (

    select
        given_name_key,
        record_count,
        is_frequent_given_name and not {{ cdp.name_token_is_family('given_name_key') }} as is_common,
        is_frequent_given_name as is_common_with_same_family
    from measured

)

select * from final
