{#- The CTEs of one audience (an entry of activation_audiences()) in audience_members: the events of
    its lookback window per customer, the signals (customers' columns and the window's), the products
    when the audience lists them, and `<name>_members`: the customers meeting its condition whose
    customer_consent for its purpose is granted. Reads the CTEs as_of, customers, events,
    completed_orders, email_subscriptions and granted_consent of audience_members. Emits "<cte> as (...)," for each. -#}
{% macro audience_window_ctes(audience) -%}
{%- set name = audience['name'] -%}
{%- set window_start = dbt.dateadd('hour', -24 * audience['lookback_days'], 'as_of.as_of_at') -%}
{{ name }}__events as (

    {#- The window's product views and cart events: all the signals and product lists read of it. -#}
    select events.*
    from events
    cross join as_of
    where
        events.occurred_at > {{ window_start }}
        and events.event_type in ('product_view', 'add_to_cart', 'checkout_started')

),

{{ name }}__window as (

    select
        customer_id,
        count(case when event_type = 'product_view' then 1 end) as window_product_views,
        count(case when event_type in ('add_to_cart', 'checkout_started') then 1 end) as window_cart_events,
        max(case when event_type = 'product_view' then occurred_at end) as last_product_view_at,
        max(case when event_type in ('add_to_cart', 'checkout_started') then occurred_at end) as last_cart_at
    from {{ name }}__events
    group by customer_id

),

{{ name }}__subscriptions as (

    select
        email_subscriptions.customer_id,
        count(*) as window_email_subscriptions
    from email_subscriptions
    cross join as_of
    where email_subscriptions.occurred_at > {{ window_start }}
    group by email_subscriptions.customer_id

),

{{ name }}__after as (

    select
        {{ name }}__window.customer_id,
        count(case when completed_orders.ordered_at >= {{ name }}__window.last_cart_at then 1 end) as orders_since_last_cart,
        count(case when completed_orders.ordered_at >= {{ name }}__window.last_product_view_at then 1 end) as orders_since_last_view
    from {{ name }}__window
    left join completed_orders
        on {{ name }}__window.customer_id = completed_orders.customer_id
    group by {{ name }}__window.customer_id

),

{{ name }}__window_orders as (

    select
        completed_orders.customer_id,
        count(*) as window_orders
    from completed_orders
    cross join as_of
    where completed_orders.ordered_at > {{ window_start }}
    group by completed_orders.customer_id

),

{{ name }}__signals as (

    select
        customers.*,
        coalesce({{ name }}__window.window_product_views, 0) as window_product_views,
        coalesce({{ name }}__window.window_cart_events, 0) as window_cart_events,
        coalesce({{ name }}__subscriptions.window_email_subscriptions, 0) as window_email_subscriptions,
        coalesce({{ name }}__window_orders.window_orders, 0) as window_orders,
        {{ name }}__window.last_product_view_at,
        {{ name }}__window.last_cart_at,
        {#- Full hours elapsed, the same on every engine (dbt.datediff's 'hour' counts hour boundaries on
            DuckDB and PostgreSQL but rounds up on Spark). -#}
        floor({{ dbt.datediff(name ~ '__window.last_cart_at', 'as_of.as_of_at', 'second') }} / 3600) as hours_since_last_cart,
        coalesce({{ name }}__after.orders_since_last_cart, 0) as orders_since_last_cart,
        coalesce({{ name }}__after.orders_since_last_view, 0) as orders_since_last_view,
        coalesce(
            customers.identified_at > {{ window_start }} and customers.identified_at <= as_of.as_of_at, false
        ) as identified_in_window
    from customers
    cross join as_of
    left join {{ name }}__window
        on customers.customer_id = {{ name }}__window.customer_id
    left join {{ name }}__after
        on customers.customer_id = {{ name }}__after.customer_id
    left join {{ name }}__window_orders
        on customers.customer_id = {{ name }}__window_orders.customer_id
    left join {{ name }}__subscriptions
        on customers.customer_id = {{ name }}__subscriptions.customer_id

),

{{ name }}__qualified as (

    select {{ name }}__signals.*
    from {{ name }}__signals
    inner join granted_consent
        on
            {{ name }}__signals.customer_id = granted_consent.customer_id
            and granted_consent.purpose = '{{ audience["purpose"] }}'
    where ({{ audience['condition'] }})

),

{{ name }}__products as (

    {%- if audience['products'] == 'carted' %}

    {#- Products viewed in the window's sessions that had a cart or checkout event. #}
    select
        customer_id,
        {{ cdp.sorted_listagg('product_slug', "','") }} as products
    from (
        select distinct
            viewed.customer_id,
            viewed.product_slug
        from {{ name }}__events as viewed
        inner join {{ name }}__events as carted
            on
                viewed.customer_id = carted.customer_id
                and viewed.session_key = carted.session_key
        where
            viewed.event_type = 'product_view'
            and viewed.product_slug is not null
            and carted.event_type in ('add_to_cart', 'checkout_started')
    ) as carted_products
    group by customer_id

    {%- elif audience['products'] == 'viewed' %}

    {#- Products viewed in the window after the customer's last completed order. #}
    select
        customer_id,
        {{ cdp.sorted_listagg('product_slug', "','") }} as products
    from (
        select distinct
            viewed.customer_id,
            viewed.product_slug
        from {{ name }}__events as viewed
        inner join customers
            on viewed.customer_id = customers.customer_id
        where
            viewed.event_type = 'product_view'
            and viewed.product_slug is not null
            and (customers.last_purchase_at is null or viewed.occurred_at > customers.last_purchase_at)
    ) as viewed_products
    group by customer_id

    {%- else %}

    select
        customer_id,
        cast(null as {{ dbt.type_string() }}) as products
    from {{ name }}__qualified
    where 1 = 0

    {%- endif %}

),

{{ name }}__members as (

    select
        {{ name }}__qualified.customer_id,
        '{{ name }}' as audience,
        '{{ audience["purpose"] }}' as purpose,
        '{{ audience["reason"] | replace("'", "''") }}' as reason,
        {{ name }}__products.products,
        {{ name }}__qualified.last_cart_at,
        {{ name }}__qualified.last_product_view_at,
        {{ name }}__qualified.days_since_last_purchase,
        {{ name }}__qualified.predicted_clv_vnd,
        {{ name }}__qualified.p_alive
    from {{ name }}__qualified
    left join {{ name }}__products
        on {{ name }}__qualified.customer_id = {{ name }}__products.customer_id

),
{%- endmacro %}
