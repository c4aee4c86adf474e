{#- The keys withdrawn from a staged model since `since` (a timestamp expression): staged again after it
    in the incremental base model, and no longer yielded by the staged model, because their new delivery
    replaced the stored row and is quarantined (a time that cannot be read, say). A query of one column,
    the key. An incremental run of fct_customer_events rewrites what they leave behind and its post_hook
    deletes their rows (docs/scaling.md "The timeline and the sessions"). -#}
{% macro staged_keys_withdrawn(base_model, staged_model, key, since) -%}
    select {{ key }}
    from {{ ref(base_model) }}
    where _staged_at > {{ since }} and {{ key }} is not null
    except
    select {{ key }}
    from {{ ref(staged_model) }}
    where _staged_at > {{ since }}
{%- endmacro %}
