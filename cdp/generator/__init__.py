"""Synthetic, deliberately messy source data for the CDP, with its ground truth kept apart.

from cdp.generator import generate, MessConfig
manifest = generate(5000, seed=42, out_dir="data/raw", truth_dir="data/truth")
"""

from .config import MessConfig
from .core import generate

__all__ = ["MessConfig", "generate"]
