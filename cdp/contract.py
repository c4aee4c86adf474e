"""The raw-input contract (../shared/CONTRACT.md §1): table names and their columns, key first.

Defined once here for Python code (raw loader, generator, reports); dbt's side is
`models/staging/*/_*__sources.yml`.
"""

from __future__ import annotations

RAW_TABLES: dict[str, tuple[str, ...]] = {
    "crm_contacts": (
        "contact_id", "full_name", "email", "phone", "date_of_birth", "gender", "address_line",
        "district", "province", "lead_source", "created_at", "updated_at",
    ),
    "shop_customers": (
        "customer_id", "first_name", "last_name", "email", "phone", "date_of_birth", "province",
        "accepts_marketing", "created_at", "updated_at",
    ),
    "shop_orders": (
        "order_id", "customer_id", "email", "phone", "ordered_at", "status", "currency", "total_amount",
        "discount_amount", "shipping_province", "utm_source", "utm_medium", "utm_campaign",
    ),
    "shop_order_items": (
        "order_id", "line_number", "sku", "product_name", "category", "quantity", "unit_price",
    ),
    "pos_transactions": (
        "transaction_id", "store_id", "store_province", "loyalty_card_id", "customer_phone",
        "customer_name", "transacted_at", "total_amount", "currency", "payment_method",
    ),
    "loyalty_members": (
        "loyalty_card_id", "full_name", "phone", "email", "date_of_birth", "address_line", "province",
        "tier", "enrolled_at",
    ),
    "web_events": (
        "event_id", "anonymous_id", "user_id", "event_name", "occurred_at", "platform", "device_id",
        "page_url", "order_id", "traits_email", "traits_phone", "utm_source", "utm_medium", "utm_campaign",
    ),
    "email_subscribers": ("subscriber_id", "email", "first_name", "last_name", "status", "opted_in_at"),
    "email_events": ("event_id", "subscriber_id", "campaign_id", "event_type", "occurred_at"),
    "social_leads": (
        "lead_id", "platform", "platform_user_id", "full_name", "phone", "email", "campaign_id", "created_at",
    ),
    "support_tickets": (
        "ticket_id", "channel", "requester_name", "requester_email", "requester_phone", "created_at",
        "resolved_at", "category", "csat_score",
    ),
    "ad_spend": (
        "spend_date", "platform", "campaign_id", "campaign_name", "channel", "spend", "currency",
        "impressions", "clicks",
    ),
    "consent_events": (
        "consent_id", "subject_type", "subject_value", "purpose", "status", "source_system", "occurred_at",
    ),
    "erasure_requests": ("request_id", "subject_type", "subject_value", "requested_at"),
}
