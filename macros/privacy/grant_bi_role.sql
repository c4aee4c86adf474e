{#- post_hook of the masked marts (models/marts/masked, dbt_project.yml): on PostgreSQL, the BI role named by
    var bi_role (default cdp_bi; created NOLOGIN when missing) is granted usage on the model's schema and
    select on the model, and nothing else: it reads the analysts' masked marts only, never `marts`
    (docs/privacy.md "BI role"). Empty var bi_role: no grant. A no-op on DuckDB (one file, no roles) and
    Spark (access is the metastore's or the cluster's). -#}
{% macro grant_bi_role() -%}
    {{ return(adapter.dispatch('grant_bi_role', 'cdp')()) }}
{%- endmacro %}

{% macro default__grant_bi_role() -%}
    select 1 as no_roles_on_this_engine
{%- endmacro %}

{% macro postgres__grant_bi_role() -%}
    {%- set role = var('bi_role', 'cdp_bi') | string | trim -%}
    {%- if role == '' -%}
        select 1 as no_bi_role
    {%- else -%}
        {%- if not modules.re.match('^[a-z_][a-z0-9_]*$', role) -%}
            {{ exceptions.raise_compiler_error("var bi_role must be a lower-case PostgreSQL role name (letters, digits, _), got '" ~ role ~ "'") }}
        {%- endif -%}
        do $grant$
        begin
            create role {{ role }} nologin;
        exception when duplicate_object or unique_violation then null;
        end
        $grant$;
        grant usage on schema {{ this.schema }} to {{ role }};
        grant select on {{ this }} to {{ role }}
    {%- endif -%}
{%- endmacro %}
