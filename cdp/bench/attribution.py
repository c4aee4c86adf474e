"""Acquisition attribution against the generator's ground truth: how often int_customers_acquired recovers
the channel and the paid campaign each buying customer was truly acquired by.

    python -m cdp.bench.attribution [--database warehouse/cdp.duckdb] [--truth data/demo/truth]

Reads a built warehouse (marts.customer_identity_map, intermediate.int_customers_acquired,
staging.stg_ads__spend) and the truth folder the generator wrote beside the raw data (identity_truth.parquet:
record -> person; people.parquet: each person's acquisition utm source, medium and campaign). A customer
stands for the person most of its identity records belong to (ties: smallest person_id). The true channel
is the person's acquisition utm pair mapped with seeds/utm_channel_mapping.csv (direct without one).
Figures (docs/marts.md):
- channel_agreement: buying customers whose acquisition_channel is the true channel;
- campaign_recall: customers truly acquired by a paid campaign whose acquisition_campaign_id is it;
- campaign_recall_touched: the same among those with any touch at or before their first purchase (the others
  bought in store first and left no trace before: attribution has nothing to read);
- campaign_precision: customers we attribute to a campaign whose true campaign it is;
- spend_joinable: attributed campaigns that find ad spend on (channel, platform, campaign_id).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[2]

COMPARISON_SQL = """
create or replace temp table bench_comparison as
with
truth_records as (
    select source_table || ':' || source_record_id as record_key, person_id
    from read_parquet($identity_truth)
),
record_people as (
    select map.customer_id, truth_records.person_id, count(*) as records
    from cdp.marts.customer_identity_map as map
    inner join truth_records on map.record_key = truth_records.record_key
    group by all
),
customer_people as (
    select customer_id, arg_min(person_id, (-records, person_id)) as person_id
    from record_people
    group by customer_id
),
mapping as (
    select * from read_csv($utm_mapping, all_varchar = true, header = true)
),
people as (
    select
        people.person_id,
        nullif(people.acquisition_campaign, '') as true_campaign_id,
        coalesce(mapping.marketing_channel, 'direct') as true_channel
    from read_parquet($people) as people
    left join mapping
        on coalesce(mapping.utm_source, '') = coalesce(people.acquisition_source, '')
        and coalesce(mapping.utm_medium, '') = coalesce(people.acquisition_medium, '')
)
select
    acquired.customer_id,
    acquired.acquisition_channel,
    acquired.acquisition_platform,
    acquired.acquisition_campaign_id,
    acquired.acquisition_source,
    people.true_channel,
    people.true_campaign_id
from cdp.intermediate.int_customers_acquired as acquired
inner join customer_people on acquired.customer_id = customer_people.customer_id
inner join people on customer_people.person_id = people.person_id
"""

FIGURES_SQL = """
with
spend_keys as (
    select distinct channel, platform, campaign_id from cdp.staging.stg_ads__spend
),
flagged as (
    select
        acquisition_channel = true_channel as channel_right,
        true_campaign_id is not null as truly_paid,
        acquisition_source != 'none' as touched,
        coalesce(acquisition_campaign_id = true_campaign_id, false) as campaign_right,
        acquisition_campaign_id in (select campaign_id from spend_keys) as attributed_paid,
        exists (
            select 1 from spend_keys
            where spend_keys.channel = bench_comparison.acquisition_channel
                and spend_keys.platform = bench_comparison.acquisition_platform
                and spend_keys.campaign_id = bench_comparison.acquisition_campaign_id
        ) as spend_joined
    from bench_comparison
)
select
    count(*) as customers,
    avg(channel_right::int) as channel_agreement,
    count(*) filter (where truly_paid) as paid_customers,
    avg(campaign_right::int) filter (where truly_paid) as campaign_recall,
    count(*) filter (where truly_paid and touched) as paid_customers_touched,
    avg(campaign_right::int) filter (where truly_paid and touched) as campaign_recall_touched,
    count(*) filter (where attributed_paid) as campaign_attributed,
    avg(campaign_right::int) filter (where attributed_paid) as campaign_precision,
    avg(spend_joined::int) filter (where attributed_paid) as spend_joinable
from flagged
"""

BY_SOURCE_SQL = """
select
    acquisition_source,
    count(*) as customers,
    avg(case when acquisition_channel = true_channel then 1.0 else 0.0 end) as channel_agreement
from bench_comparison
group by acquisition_source
order by customers desc
"""

BY_TRUE_CHANNEL_SQL = """
select
    true_channel,
    count(*) as customers,
    avg(case when acquisition_channel = true_channel then 1.0 else 0.0 end) as channel_agreement
from bench_comparison
group by true_channel
order by customers desc
"""


def attribution_figures(database: Path, truth_dir: Path, utm_mapping: Path) -> dict:
    """The figures of the module docstring, plus the agreement per acquisition_source and per true channel."""
    con = duckdb.connect()
    try:
        con.execute(f"attach '{database}' as cdp (read_only)")
        con.execute(
            COMPARISON_SQL,
            {
                "identity_truth": str(truth_dir / "identity_truth.parquet"),
                "people": str(truth_dir / "people.parquet"),
                "utm_mapping": str(utm_mapping),
            },
        )
        cursor = con.execute(FIGURES_SQL)
        names = [column[0] for column in cursor.description]
        figures = dict(zip(names, cursor.fetchone(), strict=True))
        figures["by_source"] = con.execute(BY_SOURCE_SQL).fetchall()
        figures["by_true_channel"] = con.execute(BY_TRUE_CHANNEL_SQL).fetchall()
        return figures
    finally:
        con.close()


def percent(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.1f} %"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", type=Path, default=ROOT / "warehouse" / "cdp.duckdb")
    parser.add_argument("--truth", type=Path, default=ROOT / "data" / "demo" / "truth")
    args = parser.parse_args(argv)
    figures = attribution_figures(args.database, args.truth, ROOT / "seeds" / "utm_channel_mapping.csv")
    print(f"buying customers compared with the truth: {figures['customers']:,}")
    print(f"  acquisition channel = true channel:   {percent(figures['channel_agreement'])}")
    print(
        f"  paid campaign recovered (recall):     {percent(figures['campaign_recall'])}"
        f" of {figures['paid_customers']:,} customers truly acquired by a paid campaign"
    )
    print(
        f"  ... among those with a touch before:  {percent(figures['campaign_recall_touched'])}"
        f" of {figures['paid_customers_touched']:,}"
    )
    print(
        f"  attributed campaign right (precision): {percent(figures['campaign_precision'])}"
        f" of {figures['campaign_attributed']:,} customers attributed to a paid campaign"
    )
    print(f"  attributed campaigns joining ad spend: {percent(figures['spend_joinable'])}")
    for label, key in (("by acquisition_source", "by_source"), ("by true channel", "by_true_channel")):
        print(f"  {label}: " + ", ".join(f"{v} {n:,} ({percent(a)})" for v, n, a in figures[key]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
