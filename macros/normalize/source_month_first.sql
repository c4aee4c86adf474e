{#- Whether a raw table writes its numeric dates month first, from var source_date_order (a mapping of raw
    table to 'month_first' or 'day_first'; a table not named is day first, the contract's dd/MM/yyyy).
    A base model passes it to parse_timestamp and parse_date, which then read '3/15/2024' as 15 March
    (macro month_day_swapped). A name that is no raw table, or another order, stops the build: a typo
    would otherwise leave the table read day first without a word. -#}
{% macro source_month_first(raw_table) -%}
    {%- set orders = var('source_date_order', {}) or {} -%}
    {%- if orders is not mapping -%}
        {{ exceptions.raise_compiler_error("var source_date_order must map raw tables to month_first or day_first, e.g. {pos_transactions: month_first}; got " ~ orders) }}
    {%- endif -%}
    {#- The raw tables are dbt's sources (a unit test's context holds none: nothing to check there). -#}
    {%- set sources = (graph.get('sources') or {}) if execute else {} -%}
    {%- if sources -%}
        {%- set raw_tables = sources.values() | map(attribute='name') | list -%}
        {%- set wrong = [] -%}
        {%- for table, order in orders.items() -%}
            {%- if table not in raw_tables or order not in ['month_first', 'day_first'] -%}
                {%- do wrong.append("'" ~ table ~ "': '" ~ order ~ "'") -%}
            {%- endif -%}
        {%- endfor -%}
        {%- if wrong -%}
            {{ exceptions.raise_compiler_error("var source_date_order: " ~ (wrong | join(', ')) ~ ": each entry must name a raw table (" ~ (raw_tables | sort | join(', ')) ~ ") and month_first or day_first") }}
        {%- endif -%}
    {%- endif -%}
    {{ return(orders.get(raw_table, 'day_first') == 'month_first') }}
{%- endmacro %}

{#- A date written month first with its day and month swapped, so the day-first formats read it:
    '3/15/2024 3:30:00 PM' -> '15/3/2024 3:30:00 PM', '12-31-1990' -> '31-12-1990'; any other text as it
    is (an ISO date, epoch seconds, a date with words). -#}
{% macro month_day_swapped(expr) -%}
    {{ cdp.regexp_replace_all('trim(' ~ expr ~ ')', '^([0-9]{1,2})([/.-])([0-9]{1,2})([/.-][0-9]{4})', '\\3\\2\\1\\4') }}
{%- endmacro %}
