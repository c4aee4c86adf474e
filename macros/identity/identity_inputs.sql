{#- The identity inputs of var identity_inputs, checked and completed: a list of mappings with
    source_table, model, key, source_record_id (default: key), first_seen_at, last_seen_at (default:
    first_seen_at), where (or none), aggregate (default false), identifiers (list of {type, column,
    where}; a list `column` is concatenated) and attributes ({attribute: expression}, every attribute
    of identity_record_attributes() that the input lists). A declaration that cannot work fails the
    compilation with a sentence saying which input and what to change. -#}
{% macro identity_inputs() -%}
    {%- set declared = var('identity_inputs', none) -%}
    {%- set hint = " (see docs/identity_resolution.md, 'Adding a source')" -%}
    {%- if declared is none or declared is string or declared is mapping or declared is not iterable or declared | length == 0 -%}
        {{ exceptions.raise_compiler_error("var identity_inputs must be a non-empty list of identity inputs, one per source that names a person" ~ hint) }}
    {%- endif -%}
    {%- set allowed = ['source_table', 'model', 'key', 'source_record_id', 'first_seen_at', 'last_seen_at', 'where', 'aggregate', 'identifiers', 'attributes'] -%}
    {%- set attribute_names = cdp.identity_record_attributes() | map(attribute=0) | list -%}
    {%- set rule_types = var('identity_deterministic_rules', {}).keys() | list -%}
    {%- set seen_tables = [] -%}
    {%- set inputs = [] -%}
    {%- for entry in declared -%}
        {%- set position = 'identity input #' ~ loop.index -%}
        {%- if entry is not mapping -%}
            {{ exceptions.raise_compiler_error(position ~ " of var identity_inputs is not a mapping: declare source_table, model, key, first_seen_at, identifiers and attributes" ~ hint) }}
        {%- endif -%}
        {%- set name = entry.get('source_table') -%}
        {%- if name is not string or not modules.re.match('^[a-z][a-z0-9_]*$', name) -%}
            {{ exceptions.raise_compiler_error(position ~ " of var identity_inputs needs a source_table in lower case letters, digits and underscores (it names the records: '<source_table>:<key>'), not " ~ (name | string)) }}
        {%- endif -%}
        {%- set label = "identity input '" ~ name ~ "'" -%}
        {%- if name in seen_tables -%}
            {{ exceptions.raise_compiler_error(label ~ " is declared twice in var identity_inputs: each source_table once") }}
        {%- endif -%}
        {%- do seen_tables.append(name) -%}
        {%- for setting in entry.keys() -%}
            {%- if setting not in allowed -%}
                {{ exceptions.raise_compiler_error(label ~ " has an unknown setting '" ~ setting ~ "'; the settings are " ~ allowed | join(', ') ~ hint) }}
            {%- endif -%}
        {%- endfor -%}
        {%- for required in ['model', 'key', 'first_seen_at'] -%}
            {%- if entry.get(required) is not string or entry.get(required) | trim == '' -%}
                {{ exceptions.raise_compiler_error(label ~ " has no " ~ required ~ {'model': ": name its staging model", 'key': ": name the column that identifies one record", 'first_seen_at': ": name the column of the time the record was first seen"}[required] ~ hint) }}
            {%- endif -%}
        {%- endfor -%}
        {%- set aggregate = entry.get('aggregate', false) -%}
        {%- if aggregate is not sameas true and aggregate is not sameas false -%}
            {{ exceptions.raise_compiler_error(label ~ ": aggregate must be true or false, not " ~ (aggregate | string)) }}
        {%- endif -%}
        {%- set attributes = {} -%}
        {%- set declared_attributes = entry.get('attributes', []) -%}
        {%- if declared_attributes is string or declared_attributes is mapping -%}
            {{ exceptions.raise_compiler_error(label ~ ": attributes must be a list (a column of the same name, or {attribute: column})" ~ hint) }}
        {%- endif -%}
        {%- for item in declared_attributes -%}
            {%- set pairs = item.items() | list if item is mapping else [(item, item)] -%}
            {%- for attribute, expression in pairs -%}
                {%- if attribute not in attribute_names -%}
                    {{ exceptions.raise_compiler_error(label ~ " lists an unknown attribute '" ~ attribute ~ "'; the attributes are " ~ attribute_names | join(', ')) }}
                {%- endif -%}
                {%- if attribute in attributes -%}
                    {{ exceptions.raise_compiler_error(label ~ " lists the attribute '" ~ attribute ~ "' twice") }}
                {%- endif -%}
                {%- do attributes.update({attribute: expression}) -%}
            {%- endfor -%}
        {%- endfor -%}
        {#- An aggregate input's record takes each attribute's largest value over its rows, which would
            mix the parts of different names or addresses (identity_records_union). -#}
        {%- set grouped = ['full_name', 'full_name_ascii', 'family_name_key', 'given_name_key', 'name_tokens_sorted', 'address_key', 'house_number', 'street_key', 'ward_key', 'district_key'] -%}
        {%- set mixed = grouped | select('in', attributes) | list -%}
        {%- if aggregate and mixed | length > 0 -%}
            {{ exceptions.raise_compiler_error(label ~ " is an aggregate input (one record per key over many rows) and lists " ~ mixed | join(', ') ~ ": a name or an address is several columns that one row must give together, and an aggregate would take each from a different row. Stage one row per key and declare it without aggregate, or leave these attributes out.") }}
        {%- endif -%}
        {%- set identifiers = [] -%}
        {%- set declared_identifiers = entry.get('identifiers', []) -%}
        {%- if declared_identifiers is string or declared_identifiers is mapping -%}
            {{ exceptions.raise_compiler_error(label ~ ": identifiers must be a list of {type, column}" ~ hint) }}
        {%- endif -%}
        {%- for identifier in declared_identifiers -%}
            {%- if identifier is not mapping or identifier.get('type') is not string or identifier.get('column') is none -%}
                {{ exceptions.raise_compiler_error(label ~ ": identifier #" ~ loop.index ~ " needs a type and a column, e.g. {type: email, column: email_match_key}") }}
            {%- endif -%}
            {%- if identifier['type'] not in rule_types -%}
                {{ exceptions.raise_compiler_error(label ~ " declares the identifier type '" ~ identifier['type'] ~ "', which no rule of var identity_deterministic_rules links; the types are " ~ rule_types | join(', ')) }}
            {%- endif -%}
            {%- set column = identifier['column'] -%}
            {%- set value = column if column is string else dbt.concat(column | list) -%}
            {%- do identifiers.append({'type': identifier['type'], 'value': value, 'where': identifier.get('where')}) -%}
        {%- endfor -%}
        {%- if identifiers | length == 0 and attributes | length == 0 -%}
            {{ exceptions.raise_compiler_error(label ~ " declares neither identifiers nor attributes: it could never be linked to anyone" ~ hint) }}
        {%- endif -%}
        {%- do inputs.append({
            'source_table': name,
            'model': entry['model'],
            'key': entry['key'],
            'source_record_id': entry.get('source_record_id') or entry['key'],
            'first_seen_at': entry['first_seen_at'],
            'last_seen_at': entry.get('last_seen_at') or entry['first_seen_at'],
            'where': entry.get('where'),
            'aggregate': aggregate,
            'identifiers': identifiers,
            'attributes': attributes,
        }) -%}
    {%- endfor -%}
    {{ return(inputs) }}
{%- endmacro %}
