{#- Connected components of an undirected graph by iterative min-label propagation, run to
    convergence inside the calling model's build. edges_sql selects two columns, node_a and
    node_b (one row per link, either direction): text keys, or integers with integer_nodes=true.
    Returns a query of (node_key, component_key) for every node that has a link; component_key is
    the smallest node_key of its component.

    Labels form a forest (a node's label is a node of its component, never larger than itself). Each
    pass (FastSV: hooking and shortcutting) takes for every node the smallest of its label's label (its
    grandparent) and its neighbours' grandparents, and hooks its label's node onto those neighbours'
    grandparents as well, so a chain a-b-c-…-z needs O(log length) passes, not O(length). (Taking the
    neighbours' labels and jumping once, without hooking the parent, needs up to length passes when
    the smallest key sits at one end of a chain: a 100-record chain did not converge in 60 passes.)
    Label groups with no change and no link to a different label are converged: they are set aside
    and their links dropped, so later passes touch only what is still moving. The loop stops when
    nothing is left; after var identity_max_iterations passes it fails the build loudly.

    Nodes are numbered once (in key order, so the smallest number is the smallest key) and every pass
    joins integers, not text keys; the changing labels of a pass are materialised once. With
    integer_nodes=true, node_a and node_b already are integers numbered in key order (a model's
    record_id): the numbering is skipped and node_key and component_key come back as those integers.

    Scratch tables (<model>__cc_*) are temporary tables of the model's session where the engine has
    them (DuckDB: kept in memory, nothing written to the database file; PostgreSQL) and tables
    beside the model elsewhere (Spark, where a temporary view would be recomputed by every pass): see
    connected_components_scratch(). Call connected_components_cleanup() in the model's post_hook.
    When dbt only compiles (compile, docs, lint), nothing runs. -#}
{% macro connected_components(edges_sql, max_iterations=none, integer_nodes=false) -%}
    {%- set max_iterations = max_iterations or var('identity_max_iterations') -%}
    {%- set result = cdp.connected_components_scratch('result') -%}
    {%- if not execute or flags.WHICH not in ['run', 'build'] -%}
        {{ return('select node_key, component_key from ' ~ result) }}
    {%- endif -%}
    {%- set edges_text = cdp.connected_components_scratch('edges_text') -%}
    {%- set nodes = cdp.connected_components_scratch('nodes') -%}
    {%- set edges = cdp.connected_components_scratch('edges') -%}
    {%- set labels = cdp.connected_components_scratch('labels') -%}
    {%- set next_labels = cdp.connected_components_scratch('next') -%}
    {%- set unstable = cdp.connected_components_scratch('unstable') -%}
    {%- set done = cdp.connected_components_scratch('done') -%}
    {%- for relation in [edges_text, nodes, edges, labels, next_labels, unstable, done, result] -%}
        {%- do adapter.drop_relation(relation) -%}
    {%- endfor -%}

    {%- set node_type = dbt.type_bigint() if integer_nodes else dbt.type_string() -%}
    {%- set edges_sql_both_ways -%}
        select distinct src, dst from (
            select cast(node_a as {{ node_type }}) as src, cast(node_b as {{ node_type }}) as dst
            from ({{ edges_sql }}) as edges_a
            union all
            select cast(node_b as {{ node_type }}) as src, cast(node_a as {{ node_type }}) as dst
            from ({{ edges_sql }}) as edges_b
        ) as both_ways
        where src is not null and dst is not null and src != dst
    {%- endset -%}
    {%- if integer_nodes -%}
        {%- do run_query(cdp.connected_components_create(edges, edges_sql_both_ways)) -%}
    {%- else -%}
        {%- do run_query(cdp.connected_components_create(edges_text, edges_sql_both_ways)) -%}
        {%- do run_query(cdp.connected_components_create(nodes,
            'select src as node_key, row_number() over (order by src) as node_id from (select distinct src from '
            ~ edges_text ~ ') as distinct_nodes')) -%}
        {%- do run_query(cdp.connected_components_create(edges,
            'select a.node_id as src, b.node_id as dst from ' ~ edges_text ~ ' as e inner join ' ~ nodes
            ~ ' as a on e.src = a.node_key inner join ' ~ nodes ~ ' as b on e.dst = b.node_key')) -%}
        {%- do adapter.drop_relation(edges_text) -%}
    {%- endif -%}
    {%- do run_query(cdp.connected_components_create(labels,
        'select src as node_key, min(case when dst < src then dst else src end) as label from ' ~ edges ~ ' group by src')) -%}
    {%- do run_query(cdp.connected_components_create(done, 'select node_key, label from ' ~ labels ~ ' where 1 = 0')) -%}

    {%- set state = {'converged': false, 'passes': 0} -%}
    {%- for pass_number in range(1, max_iterations + 1) -%}
        {%- if not state.converged -%}
            {%- set next_sql -%}
                with grand as (
                    select l.node_key, l.label, coalesce(p.label, l.label) as grand_label
                    from {{ labels }} as l
                    left join {{ labels }} as p on l.label = p.node_key
                ),
                neighbour_min as (
                    select e.src as node_key, min(g.grand_label) as neighbour_label
                    from {{ edges }} as e
                    inner join grand as g on e.dst = g.node_key
                    group by e.src
                ),
                candidates as (
                    select node_key, grand_label as label from grand
                    union all
                    select node_key, neighbour_label as label from neighbour_min
                    union all
                    select g.label as node_key, n.neighbour_label as label
                    from grand as g
                    inner join neighbour_min as n on g.node_key = n.node_key
                )
                select l.node_key, l.label as old_label, min(c.label) as label
                from {{ labels }} as l
                inner join candidates as c on l.node_key = c.node_key
                group by l.node_key, l.label
            {%- endset -%}
            {%- do adapter.drop_relation(next_labels) -%}
            {%- do run_query(cdp.connected_components_create(next_labels, next_sql)) -%}
            {%- set unstable_sql -%}
                select label from {{ next_labels }} where label != old_label
                union
                select n1.label
                from {{ edges }} as e
                inner join {{ next_labels }} as n1 on e.src = n1.node_key
                inner join {{ next_labels }} as n2 on e.dst = n2.node_key
                where n1.label != n2.label
            {%- endset -%}
            {%- do adapter.drop_relation(unstable) -%}
            {%- do run_query(cdp.connected_components_create(unstable, unstable_sql)) -%}
            {%- do run_query('insert into ' ~ done ~ ' select node_key, label from ' ~ next_labels
                ~ ' where label not in (select label from ' ~ unstable ~ ')') -%}
            {%- do adapter.drop_relation(labels) -%}
            {%- do run_query(cdp.connected_components_create(labels, 'select node_key, label from ' ~ next_labels
                ~ ' where label in (select label from ' ~ unstable ~ ')')) -%}
            {%- set remaining = run_query('select count(*) from ' ~ labels).columns[0].values()[0] -%}
            {%- do state.update({'passes': pass_number}) -%}
            {%- if remaining == 0 -%}
                {%- do state.update({'converged': true}) -%}
            {%- else -%}
                {%- set active_edges = cdp.connected_components_scratch('active') -%}
                {%- do adapter.drop_relation(active_edges) -%}
                {%- do run_query(cdp.connected_components_create(active_edges, 'select e.src, e.dst from ' ~ edges ~ ' as e inner join '
                    ~ labels ~ ' as l on e.src = l.node_key')) -%}
                {%- do adapter.drop_relation(edges) -%}
                {%- do adapter.rename_relation(active_edges, edges) -%}
            {%- endif -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if not state.converged -%}
        {{ exceptions.raise_compiler_error("connected_components() did not converge in " ~ max_iterations
            ~ " passes for " ~ this ~ ": raise var identity_max_iterations (a chain this long suggests over-merging)") }}
    {%- endif -%}
    {{ log("connected_components: " ~ this.identifier ~ " converged in " ~ state.passes ~ " passes", info=true) }}
    {%- if integer_nodes -%}
        {%- do run_query(cdp.connected_components_create(result, 'select node_key, label as component_key from ' ~ done)) -%}
    {%- else -%}
        {%- do run_query(cdp.connected_components_create(result,
            'select node.node_key, component.node_key as component_key from ' ~ done ~ ' as d inner join ' ~ nodes
            ~ ' as node on d.node_key = node.node_id inner join ' ~ nodes ~ ' as component on d.label = component.node_id')) -%}
    {%- endif -%}
    {%- for relation in [nodes, edges, labels, next_labels, unstable, done] -%}
        {%- do adapter.drop_relation(relation) -%}
    {%- endfor -%}
    {{ return('select node_key, component_key from ' ~ result) }}
{%- endmacro %}

{#- A scratch relation of connected_components(): without database and schema it is a temporary table. -#}
{% macro connected_components_scratch(name) -%}
    {{ return(adapter.dispatch('connected_components_scratch', 'cdp')(name)) }}
{%- endmacro %}

{% macro default__connected_components_scratch(name) -%}
    {{ return(api.Relation.create(database=this.database, schema=this.schema, identifier=this.identifier ~ '__cc_' ~ name, type='table')) }}
{%- endmacro %}

{% macro duckdb__connected_components_scratch(name) -%}
    {{ return(api.Relation.create(identifier=this.identifier ~ '__cc_' ~ name, type='table')) }}
{%- endmacro %}

{% macro postgres__connected_components_scratch(name) -%}
    {{ return(cdp.duckdb__connected_components_scratch(name)) }}
{%- endmacro %}

{% macro connected_components_create(relation, sql) -%}
    {{ return(create_table_as(relation.schema is none, relation, sql)) }}
{%- endmacro %}

{#- post_hook of a model that calls connected_components(): drop the last scratch table. -#}
{% macro connected_components_cleanup() -%}
    {%- if execute and flags.WHICH in ['run', 'build'] -%}
        {%- do adapter.drop_relation(cdp.connected_components_scratch('result')) -%}
    {%- endif -%}
    select 1 as cleaned_up
{%- endmacro %}
