{#- Survivorship configuration (var customer_survivorship), checked at compile time and normalised:
    {attribute: {'strategies': [...], 'source_ranks': {source_table: rank}, 'unlisted_rank': n}}.
    Every attribute the golden record carries (survivorship_attributes()) must be configured, with a
    non-empty list of known strategies, each at most once; source_priority needs `sources` (known
    identity source tables, a nested list being one rank), and `sources` needs source_priority.
    Anything else stops the build with a sentence saying what to fix. -#}
{% macro survivorship_config() -%}
    {%- set config = var('customer_survivorship', none) -%}
    {%- set attributes = cdp.survivorship_attributes() -%}
    {%- set strategies_known = cdp.survivorship_strategy_keys().keys() | list -%}
    {%- set sources_known = cdp.survivorship_sources() -%}
    {%- set where = "var customer_survivorship (dbt_project.yml)" -%}
    {%- if config is not mapping -%}
        {{ exceptions.raise_compiler_error(where ~ " must map each attribute (" ~ attributes | join(', ') ~ ") to {strategies: [...]}.") }}
    {%- endif -%}
    {%- for attribute in config -%}
        {%- if attribute not in attributes -%}
            {{ exceptions.raise_compiler_error(where ~ ": unknown attribute '" ~ attribute ~ "'; configure only " ~ attributes | join(', ') ~ ".") }}
        {%- endif -%}
    {%- endfor -%}
    {%- set normalised = {} -%}
    {%- for attribute in attributes -%}
        {%- set entry = config.get(attribute) -%}
        {%- if entry is not mapping -%}
            {{ exceptions.raise_compiler_error(where ~ ": attribute '" ~ attribute ~ "' is not configured; add " ~ attribute ~ ": {strategies: [most_recent]} (strategies: " ~ strategies_known | join(', ') ~ ").") }}
        {%- endif -%}
        {%- for key in entry -%}
            {%- if key not in ['strategies', 'sources'] -%}
                {{ exceptions.raise_compiler_error(where ~ ": attribute '" ~ attribute ~ "' has unknown setting '" ~ key ~ "'; use strategies: [...] and, with source_priority, sources: [...].") }}
            {%- endif -%}
        {%- endfor -%}
        {%- set strategies = entry.get('strategies') -%}
        {%- if strategies is string or strategies is mapping or strategies is none or strategies | length == 0 -%}
            {{ exceptions.raise_compiler_error(where ~ ": attribute '" ~ attribute ~ "' needs a non-empty list of strategies, e.g. strategies: [most_recent] (strategies: " ~ strategies_known | join(', ') ~ ").") }}
        {%- endif -%}
        {%- for strategy in strategies -%}
            {%- if strategy not in strategies_known -%}
                {{ exceptions.raise_compiler_error(where ~ ": attribute '" ~ attribute ~ "' has unknown strategy '" ~ strategy ~ "'; use " ~ strategies_known | join(', ') ~ ".") }}
            {%- endif -%}
            {%- if strategy in strategies[:loop.index0] -%}
                {{ exceptions.raise_compiler_error(where ~ ": attribute '" ~ attribute ~ "' lists strategy '" ~ strategy ~ "' twice; list each strategy once.") }}
            {%- endif -%}
        {%- endfor -%}
        {%- set sources = entry.get('sources', none) -%}
        {%- if 'source_priority' in strategies and (sources is none or sources is string or sources is mapping or sources | length == 0) -%}
            {{ exceptions.raise_compiler_error(where ~ ": attribute '" ~ attribute ~ "' uses source_priority but has no sources list; add sources: [...] from " ~ sources_known | join(', ') ~ ".") }}
        {%- endif -%}
        {%- if sources is not none and 'source_priority' not in strategies -%}
            {{ exceptions.raise_compiler_error(where ~ ": attribute '" ~ attribute ~ "' lists sources but no source_priority strategy; add source_priority to its strategies or remove sources.") }}
        {%- endif -%}
        {%- set source_ranks = {} -%}
        {%- for tier in (sources or []) -%}
            {%- set rank = loop.index -%}
            {%- for source in ([tier] if tier is string else tier) -%}
                {%- if source not in sources_known -%}
                    {{ exceptions.raise_compiler_error(where ~ ": attribute '" ~ attribute ~ "' has unknown source '" ~ source ~ "'; use identity source tables: " ~ sources_known | join(', ') ~ ".") }}
                {%- endif -%}
                {%- if source in source_ranks -%}
                    {{ exceptions.raise_compiler_error(where ~ ": attribute '" ~ attribute ~ "' lists source '" ~ source ~ "' twice; list each source once.") }}
                {%- endif -%}
                {%- do source_ranks.update({source: rank}) -%}
            {%- endfor -%}
        {%- endfor -%}
        {%- do normalised.update({attribute: {
            'strategies': strategies | list,
            'source_ranks': source_ranks,
            'unlisted_rank': (sources or []) | length + 1,
        }}) -%}
    {%- endfor -%}
    {{ return(normalised) }}
{%- endmacro %}
