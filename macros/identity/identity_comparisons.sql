{#- The comparisons of the Fellegi-Sunter model, in order: name, date of birth, address, email, phone.
    For each: name (also the level column <name>_level of int_identity_pairs_compared), the macro
    that computes the level, the label of every level (highest = strongest agreement, 0 = else), the
    starting m probability of every level (where EM starts, and its prior: var
    identity_fs_m_prior_pairs pseudo-pairs of these values are added to each M step, so a small data
    set cannot push an m to 0 or 1), the prior u of every level (var identity_fs_u_prior_pairs
    pseudo-pairs of these values join the sampled pairs: rough shares between two random Vietnamese
    customers, e.g. 1 in 20,000 for the same date of birth, so a small sample cannot make a shared
    birth date look common), and the levels adjusted for term frequency (tf_column: the profile
    column whose value's frequency replaces u at those levels), and missing_label, how the evidence
    (identity_fuzzy_evidence) names a null level where it means more than a missing value (a date of
    birth abstains on near dates: macro comparison_date_of_birth). -#}
{% macro identity_comparisons() -%}
    {{ return([
        {
            'name': 'name',
            'levels': {6: 'exact', 5: 'exact_ignoring_order', 4: 'jaro_winkler_high', 3: 'contained', 2: 'jaro_winkler_low_or_typo_contained', 1: 'initials', 0: 'else'},
            'm_start': {6: 0.55, 5: 0.15, 4: 0.12, 3: 0.07, 2: 0.05, 1: 0.02, 0: 0.04},
            'u_start': {6: 0.0001, 5: 0.0001, 4: 0.0006, 3: 0.0005, 2: 0.005, 1: 0.003, 0: 0.9907},
            'tf_column': 'name_tokens_sorted',
            'tf_levels': [6, 5],
        },
        {
            'name': 'date_of_birth',
            'levels': {4: 'exact', 3: 'day_month_swapped', 2: 'one_digit_off', 1: 'same_year_month_or_month_off', 0: 'else'},
            'missing_label': 'missing_or_near',
            'm_start': {4: 0.85, 3: 0.04, 2: 0.05, 1: 0.02, 0: 0.04},
            'u_start': {4: 0.00005, 3: 0.00005, 2: 0.003, 1: 0.002, 0: 0.9949},
            'tf_column': 'date_of_birth',
            'tf_levels': [4],
        },
        {
            'name': 'address',
            'levels': {5: 'house_number_street', 4: 'ward_district', 3: 'district', 2: 'province', 1: 'province_other_address', 0: 'else'},
            'm_start': {5: 0.5, 4: 0.1, 3: 0.1, 2: 0.2, 1: 0.05, 0: 0.05},
            'u_start': {5: 0.00001, 4: 0.00001, 3: 0.0001, 2: 0.05, 1: 0.1, 0: 0.84988},
            'tf_column': none,
            'tf_levels': [],
        },
        {
            'name': 'email',
            'levels': {2: 'exact', 1: 'local_part_close', 0: 'else'},
            'm_start': {2: 0.5, 1: 0.3, 0: 0.2},
            'u_start': {2: 0.00001, 1: 0.002, 0: 0.99799},
            'tf_column': none,
            'tf_levels': [],
        },
        {
            'name': 'phone',
            'levels': {3: 'exact', 2: 'one_digit_off', 1: 'same_last_digits', 0: 'else'},
            'm_start': {3: 0.5, 2: 0.1, 1: 0.05, 0: 0.35},
            'u_start': {3: 0.00001, 2: 0.00001, 1: 0.00001, 0: 0.99997},
            'tf_column': none,
            'tf_levels': [],
        },
    ]) }}
{%- endmacro %}
