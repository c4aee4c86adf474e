{#- A page url without its query string and fragment ('https://shop.example.vn/?utm_source=x' gives
    'https://shop.example.vn/'). -#}
{% macro url_without_query(page_url) -%}
    {{ cdp.regexp_extract(page_url, '^([^?#]*)') }}
{%- endmacro %}
