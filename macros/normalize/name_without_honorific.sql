{#- A delivered name without the form of address written before it (seed name_honorifics, usage
    'address'):
    'Chị Lan' -> 'Lan', 'ÔNG  Trần Văn Nam' -> 'Trần Văn Nam', 'Mr. John Smith' -> 'John Smith', 'Bác sĩ
    Lan' -> 'Lan' (a seed row of two words: one space between them, as written); a name
    that is nothing but one ('Chị', 'Mr.') becomes '' (no name: name_display and name_ascii make it
    null). Only the first word, and only when a dot, a space or the end follows it ('Chịnh', 'Misha',
    'Drew' stay); emoji written before it go with it ('🌸 Chị Lan' -> 'Lan'). Any letter case: each
    letter of an honorific becomes a class of its lower and upper case ([Cc][Hh][Ịị]), so no engine's
    case folding of Vietnamese letters is relied on. Precomposed (NFC) letters: staging composes
    decomposed (NFD) text as it reads it (text_normalised). A name that starts with a parent's word
    (usage 'parent_of': 'Mẹ Bin', 'Bố Tít', as Facebook and Zalo profiles name a parent after a child)
    is no name at all: what follows names the child. contact_columns calls it before the name is
    displayed, parsed and matched. -#}
{% macro name_without_honorific(expr) -%}
    {#- Emoji before the word are skipped with it ('🌸 Chị Lan'); name_display drops the rest. #}
    {%- set start = '^[\\s' ~ cdp.pictograph_characters() ~ ']*(' -%}
    {%- set addressed = cdp.honorific_alternatives('address') -%}
    {%- set parents = cdp.honorific_alternatives('parent_of') -%}
    {%- set text = expr -%}
    {%- if addressed -%}
        {%- set text = cdp.regexp_replace_all(text, start ~ addressed ~ ')(\\.|\\s|$)[\\s.]*', '') -%}
    {%- endif -%}
    {#- After the form of address: a call centre writes 'Chị Mẹ Bin' too. #}
    {%- if parents -%}
        {%- set text = cdp.regexp_replace_all(text, start ~ parents ~ ')(\\.|\\s|$)[\\s\\S]*', '') -%}
    {%- endif -%}
    {{ text }}
{%- endmacro %}

{#- The words of seed name_honorifics of one usage ('address', 'parent_of') as one regular-expression
    alternation, each letter a class of its lower and upper case ([Cc][Hh][Ịị]); '' when the seed has
    none. Longest first ('bác sĩ' before 'bác', 'mrs' before 'mr'): engines differ in which of two
    alternatives that both match they take (the first, or the longest). -#}
{% macro honorific_alternatives(usage) -%}
    {%- set words = cdp.seed_rows('name_honorifics', ['length(honorific)', 'honorific'], where="usage = '" ~ usage ~ "'")
        | reverse | map(attribute=1) | list -%}
    {%- set alternatives = [] -%}
    {%- for word in words -%}
        {%- set pattern = namespace(text='') -%}
        {%- for letter in word -%}
            {%- set pattern.text = pattern.text ~ (
                '[' ~ letter ~ letter.upper() ~ ']' if letter.upper() != letter else letter
            ) -%}
        {%- endfor -%}
        {%- do alternatives.append(pattern.text) -%}
    {%- endfor -%}
    {{ return(alternatives | join('|')) }}
{%- endmacro %}

{#- A source's split name columns first_name and last_name, each without a form of address written before
    it, as first_name_bare and last_name_bare ('Chị Lan' / 'Nguyễn Thị'): contact_columns() reads one
    only at the start of the name the two make. -#}
{% macro split_names_without_honorific(relation) -%}
    select
        *,
        {{ cdp.name_without_honorific('first_name') }} as first_name_bare,
        {{ cdp.name_without_honorific('last_name') }} as last_name_bare
    from {{ relation }}
{%- endmacro %}
