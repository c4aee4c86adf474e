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
    {%- set alternatives = cdp.honorific_alternatives() -%}
    {%- set addressed = alternatives.get('address', '') -%}
    {%- set parents = alternatives.get('parent_of', '') -%}
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

{#- The words of seed name_honorifics by usage ('address', 'parent_of'), each usage's words as one
    regular-expression alternation, each letter a class of its lower and upper case ([Cc][Hh][Ịị]);
    a usage without words is absent. Longest first ('bác sĩ' before 'bác', 'mrs' before 'mr'): engines
    differ in which of two alternatives that both match they take (the first, or the longest). One
    read of the seed for both usages. -#}
{% macro honorific_alternatives() -%}
    {%- set by_usage = {} -%}
    {%- for row in cdp.seed_rows('name_honorifics', ['usage', 'length(honorific)', 'honorific']) | reverse -%}
        {%- set pattern = namespace(text='') -%}
        {%- for letter in row[2] -%}
            {%- set pattern.text = pattern.text ~ (
                '[' ~ letter ~ letter.upper() ~ ']' if letter.upper() != letter else letter
            ) -%}
        {%- endfor -%}
        {%- do by_usage.setdefault(row[0], []).append(pattern.text) -%}
    {%- endfor -%}
    {%- set alternations = {} -%}
    {%- for usage, patterns in by_usage.items() -%}
        {%- do alternations.update({usage: patterns | join('|')}) -%}
    {%- endfor -%}
    {{ return(alternations) }}
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
