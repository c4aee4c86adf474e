{#- The destinations an audience can be exported to, with the consent purpose each needs and the
    identifiers it receives (docs/activation.md "Destinations"):
    kind ad_platform: hashed identifiers only (no raw email or phone ever leaves in its file);
    kind messaging / email: the identifier itself, sent only with the customer's and the identifier's
    own consent for the purpose. -#}
{% macro activation_destinations() -%}
    {{ return({
        'meta_custom_audiences': {'kind': 'ad_platform', 'purpose': 'ads_personalization', 'identifiers': ['email', 'phone']},
        'google_customer_match': {'kind': 'ad_platform', 'purpose': 'ads_personalization', 'identifiers': ['email', 'phone']},
        'sms': {'kind': 'messaging', 'purpose': 'sms_marketing', 'identifiers': ['phone']},
        'email_service_provider': {'kind': 'email', 'purpose': 'email_marketing', 'identifiers': ['email']},
    }) }}
{%- endmacro %}
