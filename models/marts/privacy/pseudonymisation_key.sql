{{
    config(
        materialized='incremental',
        schema='secrets',
        unique_key='key_id',
        incremental_strategy=cdp.incremental_strategy(),
        on_schema_change='fail',
        post_hook="{{ cdp.incremental_previous_cleanup() }}"
    )
}}

{#- The warehouse's secret key for the pseudonyms of the masked marts (macro pseudonym; docs/privacy.md
    "Masked marts"): 64 hex digits drawn at random by the engine on the first build, then kept by every
    build (incremental: each run selects the stored key), so a pseudonym stays the same from build to
    build. A full refresh of this model draws a new key and every pseudonym changes. Schema secrets:
    neither published (cdp.publish copies marts and marts_masked) nor granted to the BI role; the masked
    views read it with their owner's rights. Grain: one row (key_id 1). -#}
with

previous_state as (

    {% if is_incremental() %}
        select
            key_id,
            secret,
            created_at
        from {{ cdp.incremental_previous_relation() }}
    {% else %}
        {{ cdp.no_rows({
            'key_id': dbt.type_int(),
            'secret': dbt.type_string(),
            'created_at': dbt.type_timestamp()
        }) }}
    {% endif %}

),

drawn as (

    select
        1 as key_id,
        {{ cdp.random_secret() }} as secret,
        cast({{ dbt.current_timestamp() }} as {{ dbt.type_timestamp() }}) as created_at

),

final as (

    select
        drawn.key_id,
        coalesce(previous_state.secret, drawn.secret) as secret,
        coalesce(previous_state.created_at, drawn.created_at) as created_at
    from drawn
    left join previous_state on drawn.key_id = previous_state.key_id

)

select * from final
