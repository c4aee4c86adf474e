"""Benchmarks of the CDP: `python -m cdp.bench.identity` times and scores identity resolution."""
