{#- The declared traits (var customer_traits) checked at compile time and normalised to a list of
    {name, source, occurred_at, aggregation, column, window_days, filter, description}. A trait needs a
    lower-case column name used once, a source of var customer_trait_sources, a known aggregation
    (customer_trait_aggregations), a column of the source where the aggregation reads one (checked against
    the source model's documented columns once the graph is known, i.e. at compile and run time), a positive
    whole window_days when it has one, and a description. Anything else stops the build with a sentence
    saying what to fix. -#}
{% macro customer_traits_config() -%}
    {%- set traits = var('customer_traits', none) -%}
    {%- set sources = var('customer_trait_sources', {}) -%}
    {%- set aggregations = cdp.customer_trait_aggregations() -%}
    {%- set where = "var customer_traits (dbt_project.yml, docs/traits.md)" -%}
    {%- set keys_known = ['name', 'source', 'aggregation', 'column', 'window_days', 'filter', 'description'] -%}
    {%- set reserved = ['customer_id', 'traits_as_of_date'] + cdp.customer_traits_affinity_columns() -%}
    {%- if traits is string or traits is mapping or traits is none or traits | length == 0 -%}
        {{ exceptions.raise_compiler_error(where ~ " must be a non-empty list of traits, e.g. - {name: orders_90d, source: fct_orders, aggregation: count, window_days: 90, description: ...}.") }}
    {%- endif -%}
    {%- if sources is not mapping or sources | length == 0 -%}
        {{ exceptions.raise_compiler_error("var customer_trait_sources (dbt_project.yml) must map each source model to {occurred_at: <its UTC timestamp column>}.") }}
    {%- endif -%}
    {%- set normalised = [] -%}
    {%- set names = [] -%}
    {%- for trait in traits -%}
        {%- if trait is not mapping -%}
            {{ exceptions.raise_compiler_error(where ~ ": entry " ~ loop.index ~ " is not a mapping; write {name: ..., source: ..., aggregation: ..., description: ...}.") }}
        {%- endif -%}
        {%- set name = trait.get('name') -%}
        {%- if name is not string or not modules.re.match('^[a-z][a-z0-9_]*$', name) -%}
            {{ exceptions.raise_compiler_error(where ~ ": entry " ~ loop.index ~ " needs a name in lower case letters, digits and underscores (it becomes the column name), not '" ~ name ~ "'.") }}
        {%- endif -%}
        {%- set trait_where = where ~ ": trait '" ~ name ~ "'" -%}
        {%- if name in names -%}
            {{ exceptions.raise_compiler_error(trait_where ~ " is declared twice; give each trait its own name.") }}
        {%- endif -%}
        {%- if name in reserved -%}
            {{ exceptions.raise_compiler_error(trait_where ~ " has the name of a column customer_traits already has (" ~ reserved | join(', ') ~ "); rename it.") }}
        {%- endif -%}
        {%- do names.append(name) -%}
        {%- for key in trait -%}
            {%- if key not in keys_known -%}
                {{ exceptions.raise_compiler_error(trait_where ~ " has unknown setting '" ~ key ~ "'; use " ~ keys_known | join(', ') ~ ".") }}
            {%- endif -%}
        {%- endfor -%}
        {%- set source = trait.get('source') -%}
        {%- if source not in sources -%}
            {{ exceptions.raise_compiler_error(trait_where ~ " has unknown source '" ~ source ~ "'; use one of " ~ sources.keys() | list | join(', ') ~ " or declare the model in var customer_trait_sources.") }}
        {%- endif -%}
        {%- set aggregation = trait.get('aggregation') -%}
        {%- if aggregation not in aggregations -%}
            {{ exceptions.raise_compiler_error(trait_where ~ " has unknown aggregation '" ~ aggregation ~ "'; use one of " ~ aggregations.keys() | list | join(', ') ~ ".") }}
        {%- endif -%}
        {%- set column = trait.get('column', none) -%}
        {%- if aggregations[aggregation].needs_column and (column is not string or column | length == 0) -%}
            {{ exceptions.raise_compiler_error(trait_where ~ " uses aggregation " ~ aggregation ~ ", which needs a column: add column: <a column of " ~ source ~ ">.") }}
        {%- endif -%}
        {%- if execute and column is not none -%}
            {%- set documented = cdp.customer_trait_source_columns(source) -%}
            {%- if column not in documented -%}
                {{ exceptions.raise_compiler_error(trait_where ~ " reads unknown column '" ~ column ~ "' of " ~ source ~ "; use one of its columns: " ~ documented | join(', ') ~ ".") }}
            {%- endif -%}
        {%- endif -%}
        {%- set window_days = trait.get('window_days', none) -%}
        {%- if window_days is not none and (window_days is not number or window_days is not integer or window_days < 1) -%}
            {{ exceptions.raise_compiler_error(trait_where ~ " has window_days '" ~ window_days ~ "'; give a whole number of days of at least 1, or leave it out for all history.") }}
        {%- endif -%}
        {%- set filter = trait.get('filter', none) -%}
        {%- if filter is not none and (filter is not string or filter | trim | length == 0) -%}
            {{ exceptions.raise_compiler_error(trait_where ~ " has filter '" ~ filter ~ "'; give a SQL condition on the source's columns as text, e.g. filter: \"event_type = 'product_view'\", or leave it out.") }}
        {%- endif -%}
        {%- set description = trait.get('description') -%}
        {%- if description is not string or description | trim | length == 0 -%}
            {{ exceptions.raise_compiler_error(trait_where ~ " needs a description: say what the column holds.") }}
        {%- endif -%}
        {%- set source_config = sources[source] -%}
        {%- do normalised.append({
            'name': name,
            'source': source,
            'occurred_at': source_config.get('occurred_at', 'occurred_at') if source_config is mapping else 'occurred_at',
            'aggregation': aggregation,
            'column': column,
            'window_days': window_days,
            'filter': filter,
            'description': description,
        }) -%}
    {%- endfor -%}
    {{ return(normalised) }}
{%- endmacro %}
