{#- A number written back from a float column, without its '.0': '10234.0' -> '10234', '933184168.0' ->
    '933184168', '+84933184168.0' -> '+84933184168'. Spreadsheets and pandas turn a column of numbers
    with empty cells into floats (pandas has no missing integer in a plain column), so an export writes
    a phone, a customer id or a card number of such a column with '.0' after it. Only a value of digits
    (an optional '+' before them), one dot and zeros; anything else as it is ('C-10.0', '0933.184.168'). -#}
{% macro without_float_suffix(expr) -%}
    {{ cdp.regexp_replace_all(expr, '^([+]?[0-9]+)[.]0+$', '\\1') }}
{%- endmacro %}

{#- A column naming another table's key (an order's customer, a web event's account and order, a till
    receipt's loyalty card): its text cleaned (clean_text) and without a float column's '.0'
    (without_float_suffix). Such columns are empty for a guest, a visitor or a walk-in buyer, which is
    what turns them into floats on the way through pandas or a spreadsheet; the keys they name, never
    empty, keep their text as delivered. -#}
{% macro reference_key(expr) -%}
    {{ cdp.without_float_suffix(cdp.clean_text(expr)) }}
{%- endmacro %}
