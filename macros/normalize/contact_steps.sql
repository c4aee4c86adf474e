{#- The middle of the contact chain (see contact_columns.sql): four CTEs after `relation` (the CTE
    holding contact_columns()), each adding the next step as columns that the following step reads,
    so every intermediate is computed, and compiled, once. The model then reads contact_checks and
    calls contact_keys() with the same name/email/phone. name=false / email=false / phone=false: the
    source has no name / email / phone (contact_columns() was not given one). Emits four CTEs
    separated by commas (the caller writes the comma after the last one):
    - contact_values: full_name_ascii (name_ascii() of full_name: the same as of the bare name, since
      name_display only changes letter case and spacing and drops pictographs, which name_ascii drops
      too); email (email_normalized() of email_listed); phone_digits, phone_is_international,
      phone_international_digits (of phone_listed);
    - contact_parts: name_first_token, name_second_token, name_last_token, name_before_last_token
      (name_tokens()); email_key_local_part, email_key_domain, email_is_placeholder; phone_national;
    - contact_candidates: name_first_is_family, name_second_is_family, name_last_is_family
      (name_token_is_family()); email_key_candidate (email_match_key of the address); phone_candidate;
    - contact_checks: email_key_is_placeholder; phone_is_valid, phone_is_placeholder. -#}
{% macro contact_steps(relation, name=true, email=true, phone=true) -%}
    {%- if not email and not phone -%}
        {{ exceptions.raise_compiler_error("contact_steps(): the source needs an email or a phone (email=false and phone=false leave nothing to compute)") }}
    {%- endif -%}
contact_values as {{ cdp.cte_computed_once() }} (

    select
        *,
        {%- if name %}
        {{ cdp.name_ascii('full_name') }} as full_name_ascii,
        {%- else %}
        cast(null as {{ dbt.type_string() }}) as full_name_ascii,
        {%- endif %}
        {%- if email %}
        {{ cdp.email_normalized('email_listed') }} as email{{ ',' if phone }}
        {%- endif %}
        {%- if phone %}
        {{ cdp.phone_digits('phone_listed') }} as phone_digits,
        {{ cdp.phone_is_international('phone_listed') }} as phone_is_international,
        {{ cdp.phone_international_digits('phone_listed', cdp.phone_digits('phone_listed')) }} as phone_international_digits
        {%- endif %}
    from {{ relation }}

),

contact_parts as {{ cdp.cte_computed_once() }} (

    select
        *,
        {%- if name %}
        {%- set tokens = cdp.name_tokens('full_name_ascii') %}
        {{ tokens['first'] }} as name_first_token,
        {{ tokens['second'] }} as name_second_token,
        {{ tokens['last'] }} as name_last_token,
        {{ tokens['before_last'] }} as name_before_last_token{{ ',' if email or phone }}
        {%- endif %}
        {%- if email %}
        {{ cdp.email_key_local_part('email') }} as email_key_local_part,
        {{ cdp.email_key_domain('email') }} as email_key_domain,
        {{ cdp.email_is_placeholder('email') }} as email_is_placeholder{{ ',' if phone }}
        {%- endif %}
        {%- if phone %}
        {{ cdp.phone_national('phone_digits', 'phone_is_international', 'phone_international_digits') }} as phone_national
        {%- endif %}
    from contact_values

),

contact_candidates as {{ cdp.cte_computed_once() }} (

    select
        *,
        {%- if name %}
        {{ cdp.name_token_is_family('name_first_token') }} as name_first_is_family,
        {{ cdp.name_token_is_family('name_second_token') }} as name_second_is_family,
        {{ cdp.name_token_is_family('name_last_token') }} as name_last_is_family{{ ',' if email or phone }}
        {%- endif %}
        {%- if email %}
        {{ cdp.email_match_key('email', local_part='email_key_local_part', domain='email_key_domain') }} as email_key_candidate{{ ',' if phone }}
        {%- endif %}
        {%- if phone %}
        {{ cdp.phone_candidate(
            digits='phone_digits',
            is_international='phone_is_international',
            international_digits='phone_international_digits',
            national='phone_national'
        ) }} as phone_candidate
        {%- endif %}
    from contact_parts

),

contact_checks as {{ cdp.cte_computed_once() }} (

    select
        *,
        {%- if email %}
        {{ cdp.email_is_placeholder('email_key_candidate') }} as email_key_is_placeholder{{ ',' if phone }}
        {%- endif %}
        {%- if phone %}
        {{ cdp.phone_is_valid('phone_candidate') }} as phone_is_valid,
        {{ cdp.phone_is_placeholder('phone_candidate') }} as phone_is_placeholder
        {%- endif %}
    from contact_candidates

)
{%- endmacro %}
