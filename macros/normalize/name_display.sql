{#- A person's name for display: whitespace collapsed, proper case, diacritics kept ('NGUYỄN  văn an'
    -> 'Nguyễn Văn An'); emoji and pictographs dropped ('🌸 Lan Anh 🌸' -> 'Lan Anh': sellers on Facebook
    and Zalo decorate names so; the ranges U+1F000-U+1FAFF, U+2600-U+27BF, U+2B00-U+2BFF, the emoji
    variation selector and the zero-width joiner, written as characters: every engine's regex reads
    them). -#}
{% macro name_display(expr) -%}
    {{ cdp.proper_case(cdp.clean_text(cdp.regexp_replace_all(expr, '[' ~ cdp.pictograph_characters() ~ ']', ' '))) }}
{%- endmacro %}

{#- The characters name_display drops, as the inside of a regex class (name_without_honorific also
    skips them before a form of address: '🌸 Chị Lan'). -#}
{% macro pictograph_characters() -%}
    {{ return('🀀-🫿☀-➿⬀-⯿️‍') }}
{%- endmacro %}
