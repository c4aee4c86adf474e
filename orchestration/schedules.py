"""One daily build of everything: the raw load, then `dbt build` (seeds, models, tests)."""

import dagster as dg

build_everything = dg.define_asset_job(
    "build_everything",
    selection=dg.AssetSelection.all(),
    description="Load the raw tables, then dbt build: every seed and model with its tests.",
)

daily_build = dg.ScheduleDefinition(
    name="daily_build",
    job=build_everything,
    cron_schedule="0 2 * * *",
    execution_timezone="Asia/Ho_Chi_Minh",
    description="Every day at 02:00 Vietnam time (stopped until turned on in the UI).",
)
