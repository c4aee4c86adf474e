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


def test_descendants_are_found_with_and_without_the_children_file(monkeypatch) -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", HOLDER], stdout=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        assert child.stdout.readline().strip() == "ready"
        assert child.pid in child_pids(os.getpid())
        assert child.pid in _children_from_proc_stat()[os.getpid()]
        with_file = descendants_rss_mb(os.getpid())
        # Both processes' blocks are resident (plus two Python interpreters, ~10-30 MB each).
        assert 300 <= with_file < 400

        # A kernel without CONFIG_PROC_CHILDREN: the same figure from /proc/*/stat.
        real_open = open

        def no_children_file(path, *args, **kwargs):
            if str(path).endswith("/children"):
                raise FileNotFoundError(path)
            return real_open(path, *args, **kwargs)

        monkeypatch.setattr("builtins.open", no_children_file)
        without_file = identity.descendants_rss_mb(os.getpid())
        monkeypatch.undo()
        assert abs(without_file - with_file) < 20
    finally:
        os.killpg(child.pid, signal.SIGKILL)  # the grandchild too
        child.wait()
