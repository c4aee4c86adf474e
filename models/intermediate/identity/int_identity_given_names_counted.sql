{#- Given names as the named identity records carry them, counted: a given name carried by at least
    var identity_common_given_name_share of the named records is common, a name in its own right
    and not a typo of another (a typo is a rare spelling: 'nma' beside 'nam'). A given name that is
    also a family name (seed vn_family_names: Mai, Hà, Vũ, Lâm, …) is never common: it may be a family
    name read as the given name of a name in western order ('Mai Nguyen' reads given name 'nguyen').
    Read through macro common_given_names by the guards that tell two different common given names
    apart (macro common_given_names_differ): the deterministic different_common_given_names and the
    fuzzy conflicting_given_name (int_identity_pairs_compared).
    Grain: one row per given_name_key. -#}
with

records as (

    select given_name_key
    from {{ ref('int_identity_records_unioned') }}
    where given_name_key is not null

),

counted as (

    select
        given_name_key,
        count(*) as record_count
    from records
    group by given_name_key

),

final as (

    select
        given_name_key,
        record_count,
        record_count >= {{ var('identity_common_given_name_share') }} * sum(record_count) over ()
        and not {{ cdp.name_token_is_family('given_name_key') }} as is_common
    from counted

)

select * from final
