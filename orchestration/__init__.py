"""Dagster orchestration of the project: the raw load and every dbt resource as assets (definitions.py)."""
