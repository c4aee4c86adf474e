{#- Text as every staging rule reads it, whatever wrote it:
    - Spaces that are not ASCII spaces made ASCII ones, and the invisible characters dropped, as
      copy-paste from web pages, Facebook and Zalo and spreadsheet exports write them: the no-break
      space U+00A0 (Excel's thousands separator in many locales, web pages between words), the narrow
      no-break space U+202F, the other Unicode spaces (U+1680, U+2000-U+200A, U+205F, U+3000) become
      ' '; the zero-width space U+200B, the word joiner U+2060, the byte-order mark U+FEFF (the first
      cell of a file saved as 'UTF-8 with BOM') and the soft hyphen U+00AD go. The zero-width joiner
      U+200D stays (part of an emoji). 'Nguyễn<U+00A0>Thị Lan' was one token 'Nguyễn<U+00A0>thị',
      'an@fpt.vn<U+00A0>' an invalid email. The characters that break a line (line feed, carriage
      return, vertical tab, form feed, U+0085, U+2028, U+2029) and the tab become ' ' too: the engines'
      regular expressions read them differently (PostgreSQL's '.' takes a line break, DuckDB's and
      Spark's do not; Spark's '$' matches before a last one, so '250000\n' was a number on Spark only),
      and a cell that lists one value per line, 'an@fpt.vn,\nan2@fpt.vn', is the list
      'an@fpt.vn, an2@fpt.vn' on every engine.
    - Letters composed (Unicode NFC): decomposed (NFD) Vietnamese, as macOS, some iOS keyboards and
      web forms write it ('e' + U+0302 + U+0303 for 'ễ'), becomes the precomposed letters Windows and
      Android type, so both forms of one name are one value (a decomposed 'Chị' recognised as a form
      of address, one full_name shown, counted and compared; the keys without diacritics were alike
      already).
    Staging reads every raw column through it (raw_text_columns). -#}
{% macro text_normalised(expr) -%}
    {{ return(adapter.dispatch('text_normalised', 'cdp')(expr)) }}
{%- endmacro %}

{% macro unicode_space_characters() -%}
    {{ return('\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\u0085\u2028\u2029') }}
{%- endmacro %}

{% macro invisible_characters() -%}
    {{ return('\u200b\u2060\ufeff\u00ad') }}
{%- endmacro %}

{% macro spaces_translated(expr) -%}
    {#- The Unicode spaces and the five ASCII ones that break a line or a column (tab, line feed,
        vertical tab, form feed, carriage return: chr(9) to chr(13)) become ' '; the invisible
        characters go. -#}
    {%- set spaces = cdp.unicode_space_characters() -%}
    translate({{ expr }}, '{{ spaces }}' || chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || '{{ cdp.invisible_characters() }}', '{{ " " * (spaces | length + 5) }}')
{%- endmacro %}

{#- Only a value with a character beyond ASCII can hold a Unicode space, an invisible character or a
    combining mark: comparing its length in bytes and in characters finds those. Of the ASCII ones,
    the line feed is looked for (a line break, '\n' or '\r\n': one value per line in a cell); a value
    of ASCII characters only with a lone carriage return or a vertical tab keeps it, and an engine may
    read it otherwise (DuckDB's '\s' is no vertical tab): searching for them too would cost twice the
    line feed's search on every value, for characters no export in view writes alone. The other
    values are returned as they are. On DuckDB translate()
    costs about half a microsecond a value (66 s over the 11 text columns of the 12.2M raw web events at
    1M people, against 4 s to read them), the length check 1.2 s over the same columns, the search for a
    line feed 0.02 µs a value (6M values, one thread: 0.09 s without it, 0.20 s with it; each further
    character searched for would cost as much again); on Spark it spares most values a Java reflection
    call. -#}

{#- SQL's normalize(…, NFC) (PostgreSQL: a database in UTF8, as the engine tests' cluster). A null
    value takes the else branch and stays null. -#}
{% macro default__text_normalised(expr) -%}
    case
        when octet_length({{ expr }}) = length({{ expr }}) and strpos({{ expr }}, chr(10)) = 0 then {{ expr }}
        else normalize({{ cdp.spaces_translated(expr) }}, nfc)
    end
{%- endmacro %}

{% macro duckdb__text_normalised(expr) -%}
    case
        when strlen({{ expr }}) != length({{ expr }}) or contains({{ expr }}, chr(10))
            then nfc_normalize({{ cdp.spaces_translated(expr) }})
        else {{ expr }}
    end
{%- endmacro %}

{#- Spark 4.3 has no normalize() (SPARK-58275 adds it in 4.4): ICU4J's Normalizer.compose, which Spark
    ships (its collations use it), called through reflect(), which fails on a null argument. -#}
{% macro spark__text_normalised(expr) -%}
    case
        when {{ expr }} is null or (octet_length({{ expr }}) = length({{ expr }}) and instr({{ expr }}, chr(10)) = 0) then {{ expr }}
        else reflect('com.ibm.icu.text.Normalizer', 'compose', {{ cdp.spaces_translated(expr) }}, false)
    end
{%- endmacro %}
