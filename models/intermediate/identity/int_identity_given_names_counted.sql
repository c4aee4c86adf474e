{#- Given names as the named identity records carry them, counted: a given name carried by at least
    var identity_common_given_name_share of the named records is common, a name in its own right
    and not a typo of another (a typo is a rare spelling: 'nma' beside 'nam'). A given name that is
    also a family name is never common: it may be a family name read as the given name of a name
    written in another order ('Mai Nguyen' reads given name 'nguyen'; 'Gray Rodriguez', Rodriguez
    first, reads 'gray'). A family name is one of the seed vn_family_names (Mai, Hà, Vũ, Lâm, …), or
    a name the records carry as a family name at least as often as as a given name (names of other
    countries: in a set of international customers half of the "common given names" were family names
    written first, and 'Gary' / 'Gray' read as two people).
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

final as (

    select
        counted.given_name_key,
        counted.record_count,
        counted.record_count >= {{ var('identity_common_given_name_share') }} * sum(counted.record_count) over ()
        and not {{ cdp.name_token_is_family('counted.given_name_key') }}
        and coalesce(family_counted.family_record_count, 0) < counted.record_count as is_common
    from counted
    left join family_counted on counted.given_name_key = family_counted.family_name_key

)

select * from final
