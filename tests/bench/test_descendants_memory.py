"""Peak memory of a benchmark's children: found through /proc/<pid>/task/*/children, or through every
process's parent in /proc/*/stat where the kernel lacks the first (it must not read as 0 MB)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

from cdp.bench import identity
from cdp.bench.identity import _children_from_proc_stat, child_pids, descendants_rss_mb

# A child that holds ~200 MB and starts a grandchild holding ~100 MB.
HOLDER = """
import subprocess, sys, time
block = bytearray(200 * 1024 * 1024)
for i in range(0, len(block), 4096): block[i] = 1
grandchild = subprocess.Popen([sys.executable, "-c", "b = bytearray(100 * 1024 * 1024)\\n"
    "for i in range(0, len(b), 4096): b[i] = 1\\nimport time; print('ready', flush=True); time.sleep(60)"],
    stdout=subprocess.PIPE, text=True)
grandchild.stdout.readline()
print("ready", flush=True)
time.sleep(60)
"""

# The holder's parent, so the figure counts the holder and its grandchild only: the test's own process
# has other children (its pytest worker's dbt process, tests/dbt_server.py).
LAUNCHER = f"""
import subprocess, sys, time
holder = subprocess.Popen([sys.executable, "-c", {HOLDER!r}], stdout=subprocess.PIPE, text=True)
print(holder.stdout.readline().strip(), holder.pid, flush=True)
time.sleep(60)
"""


def test_descendants_are_found_with_and_without_the_children_file(monkeypatch) -> None:
    launcher = subprocess.Popen(
        [sys.executable, "-c", LAUNCHER], stdout=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        ready, holder = launcher.stdout.readline().split()
        assert ready == "ready"
        assert int(holder) in child_pids(launcher.pid)
        assert int(holder) in _children_from_proc_stat()[launcher.pid]
        with_file = descendants_rss_mb(launcher.pid)
        # Both processes' blocks are resident (plus two Python interpreters, ~10-30 MB each).
        assert 300 <= with_file < 400

        # A kernel without CONFIG_PROC_CHILDREN: the same figure from /proc/*/stat.
        real_open = open

        def no_children_file(path, *args, **kwargs):
            if str(path).endswith("/children"):
                raise FileNotFoundError(path)
            return real_open(path, *args, **kwargs)

        monkeypatch.setattr("builtins.open", no_children_file)
        without_file = identity.descendants_rss_mb(launcher.pid)
        monkeypatch.undo()
        assert abs(without_file - with_file) < 20
    finally:
        os.killpg(launcher.pid, signal.SIGKILL)  # the holder and its child too
        launcher.wait()
