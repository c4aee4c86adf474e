{#- Nothing lost between staging and fct_order_items: every staged order line is a row of the fact,
    flagged has_order = false when its order is not in fct_orders. Returns a row when the counts differ. -#}
with

counts as (

    select
        (select count(*) from {{ ref('stg_shop__order_items') }}) as staged_lines,
        (select count(*) from {{ ref('fct_order_items') }}) as fact_lines

),

final as (

    select * from counts
    where staged_lines != fact_lines

)

select * from final
