{#- The product slug of a page url or app screen: the path segment after '/products/'
    ('https://shop.example.vn/products/sku-fas-0002?utm_source=x' and 'app://products/sku-fas-0002' give
    'sku-fas-0002'); null for other pages. -#}
{% macro product_slug(page_url) -%}
    {{ cdp.regexp_extract(page_url, '/products/([^/?#]+)') }}
{%- endmacro %}
