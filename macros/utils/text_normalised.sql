{#- Text as every staging rule reads it, whatever wrote it:
    - Spaces that are not ASCII spaces made ASCII ones, and the invisible characters dropped, as
      copy-paste from web pages, Facebook and Zalo and spreadsheet exports write them: the no-break
      space U+00A0 (Excel's thousands separator in many locales, web pages between words), the narrow
      no-break space U+202F, the other Unicode spaces (U+1680, U+2000-U+200A, U+205F, U+3000) become
      ' '; the zero-width space U+200B, the word joiner U+2060, the byte-order mark U+FEFF (the first
      cell of a file saved as 'UTF-8 with BOM') and the soft hyphen U+00AD go. The zero-width joiner
      U+200D stays (part of an emoji). 'Nguyễn<U+00A0>Thị Lan' was one token 'Nguyễn<U+00A0>thị',
      'an@fpt.vn<U+00A0>' an invalid email.
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
    {{ return('\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000') }}
{%- endmacro %}

{% macro invisible_characters() -%}
    {{ return('\u200b\u2060\ufeff\u00ad') }}
{%- endmacro %}

{% macro spaces_translated(expr) -%}
    {%- set spaces = cdp.unicode_space_characters() -%}
    translate({{ expr }}, '{{ spaces ~ cdp.invisible_characters() }}', '{{ " " * (spaces | length) }}')
{%- endmacro %}

{#- Only a value with a character beyond ASCII can hold one of these characters or a combining mark:
    comparing its length in bytes and in characters finds those, and the others are returned as they
    are. On DuckDB translate() costs about half a microsecond a value (66 s over the 11 text columns of
    the 12.2M raw web events at 1M people, against 4 s to read them), the length check 1.2 s over the
    same columns; on Spark it spares most values a Java reflection call. -#}

{#- SQL's normalize(…, NFC) (PostgreSQL: a database in UTF8, as the engine tests' cluster). A null
    value takes the else branch and stays null. -#}
{% macro default__text_normalised(expr) -%}
    case
        when octet_length({{ expr }}) = length({{ expr }}) then {{ expr }}
        else normalize({{ cdp.spaces_translated(expr) }}, nfc)
    end
{%- endmacro %}

{% macro duckdb__text_normalised(expr) -%}
    case
        when strlen({{ expr }}) != length({{ expr }})
            then nfc_normalize({{ cdp.spaces_translated(expr) }})
        else {{ expr }}
    end
{%- endmacro %}

{#- Spark 4.3 has no normalize() (SPARK-58275 adds it in 4.4): ICU4J's Normalizer.compose, which Spark
    ships (its collations use it), called through reflect(), which fails on a null argument. -#}
{% macro spark__text_normalised(expr) -%}
    case
        when {{ expr }} is null or octet_length({{ expr }}) = length({{ expr }}) then {{ expr }}
        else reflect('com.ibm.icu.text.Normalizer', 'compose', {{ cdp.spaces_translated(expr) }}, false)
    end
{%- endmacro %}
