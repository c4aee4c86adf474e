{#- The audiences of var activation_audiences, checked at compile time and normalised to a list of
    {name, description, purpose, destinations, lookback_days, condition, reason, products}.
    Every audience needs a unique lower-case name, a purpose among var consent_purposes, a non-empty
    list of known destinations whose purpose is the audience's, a positive whole lookback_days, a
    condition and a reason; products is none (default), carted or viewed. Anything else stops the
    build with a sentence saying what to fix: an audience is never built, let alone exported, without
    the consent purpose that gates it. -#}
{% macro activation_audiences() -%}
    {%- set audiences = var('activation_audiences', none) -%}
    {%- set destinations = cdp.activation_destinations() -%}
    {%- set purposes = var('consent_purposes') -%}
    {%- set where = "var activation_audiences (dbt_project.yml)" -%}
    {%- set known_keys = ['name', 'description', 'purpose', 'destinations', 'lookback_days', 'condition', 'reason', 'products'] -%}
    {%- if audiences is string or audiences is mapping or audiences is none or audiences | length == 0 -%}
        {{ exceptions.raise_compiler_error(where ~ " must be a non-empty list of audiences, each {name, purpose, destinations, lookback_days, condition, reason}.") }}
    {%- endif -%}
    {%- set names = [] -%}
    {%- set normalised = [] -%}
    {%- for audience in audiences -%}
        {%- if audience is not mapping -%}
            {{ exceptions.raise_compiler_error(where ~ ": entry " ~ loop.index ~ " is not a mapping; write {name: ..., purpose: ..., destinations: [...], lookback_days: ..., condition: ..., reason: ...}.") }}
        {%- endif -%}
        {%- set name = audience.get('name') -%}
        {%- if name is not string or not modules.re.match('^[a-z][a-z0-9_]*$', name) -%}
            {{ exceptions.raise_compiler_error(where ~ ": entry " ~ loop.index ~ " needs a name in lower-case letters, digits and underscores, e.g. name: abandoned_cart.") }}
        {%- endif -%}
        {%- if name in names -%}
            {{ exceptions.raise_compiler_error(where ~ ": audience '" ~ name ~ "' is declared twice; give each audience its own name.") }}
        {%- endif -%}
        {%- do names.append(name) -%}
        {%- for key in audience -%}
            {%- if key not in known_keys -%}
                {{ exceptions.raise_compiler_error(where ~ ": audience '" ~ name ~ "' has unknown setting '" ~ key ~ "'; use " ~ known_keys | join(', ') ~ ".") }}
            {%- endif -%}
        {%- endfor -%}
        {%- set purpose = audience.get('purpose') -%}
        {%- if purpose is none or purpose == '' -%}
            {{ exceptions.raise_compiler_error(where ~ ": audience '" ~ name ~ "' has no purpose; every audience names the consent purpose it is used for (" ~ purposes | join(', ') ~ "), and only customers who granted it become members.") }}
        {%- endif -%}
        {%- if purpose not in purposes -%}
            {{ exceptions.raise_compiler_error(where ~ ": audience '" ~ name ~ "' has unknown purpose '" ~ purpose ~ "'; use one of " ~ purposes | join(', ') ~ ".") }}
        {%- endif -%}
        {%- set targets = audience.get('destinations') -%}
        {%- if targets is string or targets is mapping or targets is none or targets | length == 0 -%}
            {{ exceptions.raise_compiler_error(where ~ ": audience '" ~ name ~ "' needs a non-empty list of destinations, e.g. destinations: [email_service_provider] (destinations: " ~ destinations.keys() | list | join(', ') ~ ").") }}
        {%- endif -%}
        {%- for target in targets -%}
            {%- if target not in destinations -%}
                {{ exceptions.raise_compiler_error(where ~ ": audience '" ~ name ~ "' has unknown destination '" ~ target ~ "'; use " ~ destinations.keys() | list | join(', ') ~ ".") }}
            {%- endif -%}
            {%- if destinations[target]['purpose'] != purpose -%}
                {{ exceptions.raise_compiler_error(where ~ ": audience '" ~ name ~ "' (purpose " ~ purpose ~ ") cannot go to destination '" ~ target ~ "', which needs consent for " ~ destinations[target]['purpose'] ~ "; declare a separate audience with that purpose.") }}
            {%- endif -%}
        {%- endfor -%}
        {%- set lookback = audience.get('lookback_days') -%}
        {%- if lookback is not number or lookback != lookback | int or lookback < 1 -%}
            {{ exceptions.raise_compiler_error(where ~ ": audience '" ~ name ~ "' needs lookback_days, a whole number of days of at least 1, e.g. lookback_days: 7.") }}
        {%- endif -%}
        {%- set condition = audience.get('condition') -%}
        {%- if condition is not string or condition | trim == '' -%}
            {{ exceptions.raise_compiler_error(where ~ ": audience '" ~ name ~ "' needs a condition, a SQL expression over the signals of docs/activation.md, e.g. condition: window_product_views > 0.") }}
        {%- endif -%}
        {%- set reason = audience.get('reason') -%}
        {%- if reason is not string or reason | trim == '' -%}
            {{ exceptions.raise_compiler_error(where ~ ": audience '" ~ name ~ "' needs a reason, the sentence saying why a member qualifies.") }}
        {%- endif -%}
        {%- set products = audience.get('products', 'none') or 'none' -%}
        {%- if products not in ['none', 'carted', 'viewed'] -%}
            {{ exceptions.raise_compiler_error(where ~ ": audience '" ~ name ~ "' has products '" ~ products ~ "'; use none, carted (products of the sessions with a cart event) or viewed (products viewed since the last order).") }}
        {%- endif -%}
        {%- do normalised.append({
            'name': name,
            'description': audience.get('description', ''),
            'purpose': purpose,
            'destinations': targets | list,
            'lookback_days': lookback | int,
            'condition': condition,
            'reason': reason,
            'products': products,
        }) -%}
    {%- endfor -%}
    {{ return(normalised) }}
{%- endmacro %}
