{#- The loader's table of CSV lines set aside (cdp/raw_loader.py: a line with more or fewer fields than
    the header), beside the contract's tables in the raw schema; none where it does not exist (raw tables
    loaded by an extract-load tool on a warehouse). stg_quarantine__rows keeps its lines, and the test
    assert_row_conservation counts them as delivered rows. -#}
{% macro raw_rejected_rows() -%}
    {%- if not execute -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set raw = source('crm', 'crm_contacts') -%}
    {{ return(adapter.get_relation(database=raw.database, schema=raw.schema, identifier='rejected_rows')) }}
{%- endmacro %}
