{#- Person columns of an identity-bearing source, computed in a chain of CTEs so that each
    intermediate is compiled once (a macro argument is copied wherever the macro uses it; chaining
    columns instead keeps the compiled SQL small and fast to plan):
    1. contact_columns(name=, email=, phone=) in the first CTE (raw expressions; pass none for what
       the source lacks) gives full_name (without a phone number written into the name,
       name_without_phone, a nickname in brackets or a note after a comma, name_without_note, and a
       form of address before it, name_without_honorific),
       email_raw and email_listed, phone_raw and phone_listed (the value the email and phone steps
       read: email_comma_for_dot, first_listed, email_address_written; first_listed,
       phone_without_extension); a source without an email gets a typed null email, one without a
       phone a typed null phone_candidate;
    2. contact_steps() (contact_steps.sql) adds the CTEs contact_values, contact_parts,
       contact_candidates and contact_checks (full_name_ascii, read from full_name so that the steps
       of the bare name are compiled once; normalised email, phone digits; name tokens and
       family-name flags, email key parts, national number, candidates, validity and placeholder
       flags);
    3. contact_keys() in the CTE reading contact_checks adds email_match_key (null for placeholders,
       so they never link), email_issue, phone_e164, phone_issue, family_name_key, given_name_key and
       name_tokens_sorted. -#}
{% macro contact_columns(name=none, email=none, phone=none, first_of_several=true) -%}
    {%- if name is none and email is none and phone is none -%}
        {{ exceptions.raise_compiler_error("contact_columns(): pass at least one of name=, email=, phone= (raw column expressions)") }}
    {%- endif -%}
    {%- set null_text -%}cast(null as {{ dbt.type_string() }}){%- endset -%}
    {%- set bare_name = cdp.name_without_honorific(cdp.name_without_note(cdp.name_without_phone(name))) if name is not none else none -%}
    {#- first_of_several: an email or phone field holding several values is read by its first (macro
        first_listed); email_raw and phone_raw keep what was delivered. false where the field names one
        subject of a request (erasure, consent): two values there are a delivery to correct; and for the
        web events' traits, one value per field from the tracking code (12M rows at 1M people). -#}
        {{ cdp.name_display(bare_name) if name is not none else null_text }} as full_name,
        {{ cdp.clean_text(email) if email is not none else null_text }} as email_raw,
    {%- if email is not none %}
        {{ cdp.email_listed(email, first_of_several) }} as email_listed,
    {%- else %}
        {{ null_text }} as email,
    {%- endif %}
        {{ cdp.clean_text(phone) if phone is not none else null_text }} as phone_raw,
    {%- if phone is not none %}
        {{ cdp.phone_listed(phone, first_of_several) }} as phone_listed
    {%- else %}
        {{ null_text }} as phone_candidate
    {%- endif -%}
{%- endmacro %}

{#- The value an email field's steps read (column email_listed; the profile service's email rule too):
    a comma typed for the last dot mended, the first of several values when first_of_several, the
    address alone when written after a display name or as a link, a doubled '@' and a final full stop
    mended (email_typing_slips). -#}
{% macro email_listed(expr, first_of_several=false) -%}
    {%- set text = cdp.email_comma_for_dot(expr) -%}
    {{ cdp.email_typing_slips(cdp.email_address_written(cdp.first_listed(text) if first_of_several else text)) }}
{%- endmacro %}

{#- An email address without two slips that made it invalid: an '@' typed twice ('an@@gmail.com') and the
    full stop of a sentence it was copied from ('Email: an@gmail.com.'); a domain never ends with a dot
    and an address holds one '@'. -#}
{% macro email_typing_slips(expr) -%}
    {{ cdp.regexp_replace_all(cdp.regexp_replace_all(expr, '@@+', '@'), '[.]+\\s*$', '') }}
{%- endmacro %}

{#- The value a phone field's steps read (column phone_listed; the profile service's phone rule too): the
    first of several values when first_of_several, without an extension after the number, without the
    '.0' of a float column ('933184168.0', '84933184168.0': the national-number step puts the lost
    leading zero back; a scientific notation, '9.33184E+08', lost digits and stays invalid). -#}
{% macro phone_listed(expr, first_of_several=false) -%}
    {{ cdp.without_float_suffix(cdp.phone_without_extension(cdp.first_listed(expr) if first_of_several else expr)) }}
{%- endmacro %}

{#- The address of an email field written as mail programs and web pages write it: the one between angle
    brackets after a display name ('Nguyễn Văn An <an.nguyen@fpt.vn>', as Outlook and Gmail export a
    contact, or '<an@fpt.vn>'; Outlook's hyperlink form 'an@fpt.vn <mailto:an@fpt.vn>'), without a
    link's 'mailto:' ('mailto:an@fpt.vn', copied from a web page); any other text as it is. -#}
{% macro email_address_written(expr) -%}
    {{ cdp.regexp_replace_all(expr, '^.*<\\s*([Mm][Aa][Ii][Ll][Tt][Oo]:)?([^<>]*@[^<>]*)>.*$|^\\s*[Mm][Aa][Ii][Ll][Tt][Oo]:', '\\2') }}
{%- endmacro %}

{#- An email with a comma typed for the dot before the last part of its domain (the keys sit side by
    side on phone keyboards): 'an@fpt,vn' is an@fpt.vn, 'lan@yahoo,com.vn' lan@yahoo.com.vn. Only at the
    end of the field and with letters after the comma, so 'an@fpt.vn, an.work@fpt.vn' stays a list
    (first_listed reads its first). -#}
{% macro email_comma_for_dot(expr) -%}
    {{ cdp.regexp_replace_all(expr, '(@[A-Za-z0-9.-]+),([A-Za-z]{2,6}([.][A-Za-z]{2,6})?)\\s*$', '\\1.\\2') }}
{%- endmacro %}

{#- The first of several values typed into one contact field, as CRM and call-centre exports hold them
    ('0903 222 004 / 0912 345 678', 'an@x.vn; an.work@y.vn', '0903222004 hoặc 0912345678'): the text
    before the first '/', ';', ',' or '|', or the word 'hoặc' / 'or' between spaces. -#}
{% macro first_listed(expr) -%}
    {{ cdp.regexp_replace_all(expr, '\\s*([/;,|]|\\s(hoặc|or)\\s).*$', '') }}
{%- endmacro %}

{% macro contact_keys(name=true, email=true, phone=true) -%}
    {#- name/email/phone: false for what contact_columns() was not given (emits typed nulls). Reads
        the columns of contact_steps() (called with the same name/email/phone). -#}
    {%- set null_text -%}cast(null as {{ dbt.type_string() }}){%- endset -%}
    {%- if email %}
        case
            when ({{ cdp.email_issue('email_raw', 'email', is_placeholder='email_is_placeholder or email_key_is_placeholder') }}) is null
                then email_key_candidate
        end as email_match_key,
        {{ cdp.email_issue('email_raw', 'email', is_placeholder='email_is_placeholder or email_key_is_placeholder') }} as email_issue,
    {%- else %}
        {{ null_text }} as email_match_key,
        {{ null_text }} as email_issue,
    {%- endif %}
    {%- if phone %}
        {{ cdp.phone_e164('phone_candidate', is_valid='phone_is_valid', is_placeholder='phone_is_placeholder') }} as phone_e164,
        {{ cdp.phone_issue('phone_raw', 'phone_candidate', is_valid='phone_is_valid', is_placeholder='phone_is_placeholder') }} as phone_issue,
    {%- else %}
        {{ null_text }} as phone_e164,
        {{ null_text }} as phone_issue,
    {%- endif %}
    {%- if name %}
        {{ cdp.name_key_columns(
            'full_name_ascii',
            tokens={'first': 'name_first_token', 'second': 'name_second_token', 'last': 'name_last_token', 'before_last': 'name_before_last_token'},
            is_family={'first': 'name_first_is_family', 'second': 'name_second_is_family', 'last': 'name_last_is_family'}
        ) }}
    {%- else %}
        {{ null_text }} as family_name_key,
        {{ null_text }} as given_name_key,
        {{ null_text }} as name_tokens_sorted
    {%- endif %}
{%- endmacro %}

{#- A phone field without the extension written after the number, as a shop's or an office's
    switchboard is noted: '(028) 3822 5678 ext. 123', '028 3822 5678 - máy lẻ 45', '024 3825 1234 x12',
    '024.3825.1234 (nhánh 102)'. An extension is one to five digits after 'ext', 'x', '#', 'máy lẻ',
    'số lẻ', 'lẻ' or 'nhánh' (any case, a dot, a colon or brackets around it) at the end of the field;
    its digits were read as more digits of the number (invalid_phone). -#}
{% macro phone_without_extension(expr) -%}
    {%- set marker = '([Ee][Xx][Tt]|[Xx]|#|[Mm][Áá][Yy] [Ll][Ẻẻ]|[Ss][Ốố] [Ll][Ẻẻ]|[Ll][Ẻẻ]|[Nn][Hh][Áá][Nn][Hh])' -%}
    {{ cdp.regexp_replace_all(expr, '[\\s(,;-]*' ~ marker ~ '[\\s.:]*[0-9]{1,5}[\\s)]*$', '') }}
{%- endmacro %}
