{#- ISO 4217 code from what exports write: upper-cased, with the đồng's local spellings and symbols
    ('₫', 'đ', 'VNĐ', 'dong') read as VND; an empty value defaults to var-free 'VND' only when
    default_to_vnd is true, and only when the amount (`amount`, its raw text, when given) names no other
    currency: '$47.50' or '47.50 USD' with an empty currency is no 47.50 đồng but a currency unknown
    (null: the row is quarantined as unknown_currency). The words of parse_amount's shorthands ('500
    nghìn', '2 triệu') name no currency. -#}
{% macro currency_code(expr, default_to_vnd=true, amount=none) -%}
    {%- set s -%}upper({{ cdp.clean_text(expr) }}){%- endset -%}
    case
        {%- if amount is not none %}
        when {{ s }} is null and (
            {{ cdp.regexp_like(amount, '[$€£¥]') }}
            or (
                {{ cdp.regexp_like('upper(' ~ amount ~ ')', '[A-Z]{3}') }}
                and not {{ cdp.regexp_like('upper(' ~ amount ~ ')', 'VND|VNĐ|DONG|ĐỒNG|NGHÌN|NGÀN|TRIỆU') }}
            )
        ) then null
        {%- endif %}
        when {{ s }} is null then {{ "'VND'" if default_to_vnd else 'null' }}
        when {{ s }} in ('₫', 'Đ', 'VNĐ', 'VND', 'DONG', 'ĐỒNG', 'VN DONG') then 'VND'
        else {{ s }}
    end
{%- endmacro %}
