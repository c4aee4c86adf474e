{%- set raw_columns = [
    'spend_date',
    'platform',
    'campaign_id',
    'campaign_name',
    'channel',
    'spend',
    'currency',
    'impressions',
    'clicks'
] -%}

{%- set month_first = cdp.source_month_first('ad_spend') %}

with

source as (

    select
        {{- cdp.raw_text_columns(raw_columns) }}
    from {{ source('ads', 'ad_spend') }}

),

standardized as (

    select
        {#- A calendar day as the ad platform reports it: parse_date(), not a UTC-converted timestamp
            (which would move '2024-03-15', read as local midnight, to 2024-03-14). #}
        {{ cdp.parse_date('spend_date', month_first) }} as spend_date,
        lower({{ cdp.clean_text('platform') }}) as platform,
        lower({{ cdp.clean_text('campaign_id') }}) as campaign_id,
        {{ cdp.clean_text('campaign_name') }} as campaign_name,
        lower({{ cdp.clean_text('channel') }}) as channel,
        {{ cdp.parse_amount('spend') }} as spend,
        {{ cdp.currency_code('currency', amount='spend') }} as currency,
        {{ cdp.safe_cast_integer('impressions', grouped=true) }} as impressions,
        {{ cdp.safe_cast_integer('clicks', grouped=true) }} as clicks,
        {{ cdp.clean_text('impressions') }} is not null as is_impressions_delivered,
        {{ cdp.clean_text('clicks') }} is not null as is_clicks_delivered,
        {{ cdp.clean_text('spend_date') }} is null as is_spend_date_missing,
        {{ cdp.raw_record(raw_columns) }} as raw_record
    from source

),

validated as (

    select
        *,
        {{ dbt.concat([dbt.safe_cast('spend_date', dbt.type_string()), "'|'", 'platform', "'|'", 'campaign_id']) }} as ad_spend_id,
        {{ cdp.amount_to_vnd('spend', 'currency') }} as spend_vnd,
        case
            when is_spend_date_missing or platform is null or campaign_id is null then 'missing_key'
            when spend_date is null then 'unparseable_timestamp'
            when spend is null or spend < 0 then 'invalid_amount'
            when not {{ cdp.is_known_currency('currency') }} then 'unknown_currency'
            when channel is null or channel not in {{ cdp.sql_string_list(var('ad_channels')) }} then 'invalid_value'
            {#- A count delivered and unreadable or negative; none delivered stays null. #}
            when is_impressions_delivered and (impressions is null or impressions < 0) then 'invalid_value'
            when is_clicks_delivered and (clicks is null or clicks < 0) then 'invalid_value'
        end as quarantine_reason
    from standardized

),

final as (

    {{ cdp.flag_duplicates('validated', ['spend_date', 'platform', 'campaign_id']) }}

)

select * from final
