{#- ISO 4217 code from what exports write: upper-cased, with the đồng's local spellings and symbols
    ('₫', 'đ', 'VNĐ', 'dong') read as VND; an empty value defaults to var-free 'VND' only when
    default_to_vnd is true. -#}
{% macro currency_code(expr, default_to_vnd=true) -%}
    {%- set s -%}upper({{ cdp.clean_text(expr) }}){%- endset -%}
    case
        when {{ s }} is null then {{ "'VND'" if default_to_vnd else 'null' }}
        when {{ s }} in ('₫', 'Đ', 'VNĐ', 'VND', 'DONG', 'ĐỒNG', 'VN DONG') then 'VND'
        else {{ s }}
    end
{%- endmacro %}
