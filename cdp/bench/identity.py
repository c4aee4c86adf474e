"""Identity-resolution benchmark: speed, memory and accuracy of our resolver, side by side with Splink.

    python -m cdp.bench.identity --people 10000 100000 1000000 [--mode default corrupted] [--skip-splink]

Per size and generator mode (default; corrupted: MessConfig.corrupted(), docs/demo_data.md): generate
synthetic data (seed 7) with its ground truth, load it into a fresh DuckDB file, build seeds + staging
(timed as "staging"), then time the identity layer alone (the models under models/intermediate/identity and
models/marts/identity; wall time and peak RSS of the dbt process). Accuracy against the ground truth is
pairwise precision / recall / F1 computed from group counts (n*(n-1)/2, never by enumerating pairs), plus
over-merged clusters (more than one true person) and split persons (spread over more than one cluster), for
the deterministic pass alone, for the final clusters, and for Splink (Fellegi-Sunter with EM on the same
records and fields), over all records and over "linkable" records; and the candidate pairs each of our
blocking rules produces. See docs/benchmarks.md for the definitions and the figures.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

ROOT = Path(__file__).resolve().parents[2]
SEED = 7
MODES = ("default", "corrupted")
# The identity models, and the erasure models the identity marts read (customer_identity_map and
# identity_edges leave out erased records: int_customer_ids_retained, int_erasure_records_resolved).
IDENTITY_SELECT = [
    "path:models/intermediate/identity",
    "path:models/marts/identity",
    "path:models/intermediate/privacy",
    "erasure_suppression_list",
]
STAGING_SELECT = ["resource_type:seed", "staging"]
SPLINK_THRESHOLDS = (0.01, 0.05, 0.1, 0.2, 0.5, 0.8, 0.9, 0.95, 0.99)
SPLINK_REPORTED_THRESHOLD = 0.95
# Identifier columns handed to Splink besides the person attributes (see splink_input_sql).
SPLINK_ID_COLUMNS = ("account_id", "loyalty_card_id", "social_id", "device_id")


# ---------------------------------------------------------------------------------------------------
# Running dbt and measuring it
# ---------------------------------------------------------------------------------------------------


# The exact-identifier ceiling: clusters an oracle would build from exact identifiers alone, linking
# two records only when they share an identifier value and belong to the same true person (precision
# 1 by construction). Its recall is the most any exact-identifier method can reach on this data.
CEILING_EDGES_SQL = """
with carried as (
    select ids.record_key, ev.person_id, ids.id_type, ids.id_value
    from bench_identifiers as ids
    inner join bench_eval as ev on ids.record_key = ev.record_key
)
select distinct
    record_key,
    min(record_key) over (partition by person_id, id_type, id_value) as anchor_key
from carried
"""


def connected_labels(n: int, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Connected components of an undirected graph on 0..n-1: min-label propagation with pointer jumping."""
    labels = np.arange(n, dtype=np.int64)
    while True:
        before = labels.copy()
        low = np.minimum(labels[left], labels[right])
        np.minimum.at(labels, left, low)
        np.minimum.at(labels, right, low)
        while True:  # labels only point to smaller indices, so following them terminates
            jumped = labels[labels]
            if np.array_equal(jumped, labels):
                break
            labels = jumped
        if np.array_equal(labels, before):
            return labels


def add_exact_ceiling(con: duckdb.DuckDBPyConnection) -> None:
    """Add bench_eval.ceiling_cluster: the oracle's exact-identifier clusters (see CEILING_EDGES_SQL)."""
    keys = con.execute("select record_key from bench_eval order by record_key").fetchnumpy()["record_key"]
    index = {key: i for i, key in enumerate(keys.tolist())}
    edges = con.execute(CEILING_EDGES_SQL).fetchall()
    left = np.fromiter((index[a] for a, _ in edges), dtype=np.int64, count=len(edges))
    right = np.fromiter((index[b] for _, b in edges), dtype=np.int64, count=len(edges))
    labels = connected_labels(len(keys), left, right)
    con.register("bench_ceiling_arrow", pa.table({"record_key": keys, "ceiling_cluster": labels}))
    con.execute(
        "create or replace temp table bench_eval as select bench_eval.*, "
        "'ceiling:' || cast(c.ceiling_cluster as varchar) as ceiling_cluster "
        "from bench_eval inner join bench_ceiling_arrow as c using (record_key)"
    )
    con.unregister("bench_ceiling_arrow")


@dataclass
class StepResult:
    name: str
    wall_s: float
    peak_rss_mb: float
    returncode: int
    cpu_s: float = 0.0
    load_avg_before: float = 0.0
    load_avg_after: float = 0.0
    timed_out: bool = False
    dbt_elapsed_s: float | None = None
    model_times: dict[str, float] = field(default_factory=dict)
    # (start, end, model): when each model executed, in epoch seconds (the build benchmark's wall shares)
    model_intervals: list[tuple[float, float, str]] = field(default_factory=list)
    running: list[tuple[str, float]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # (epoch seconds, MB): the resident memory of the measured process and its children, sampled while it
    # ran when asked for (run_measured's sample_memory_s; the scale benchmark's peak per layer)
    memory_samples: list[tuple[float, float]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.timed_out


# A small launcher between this (large) process and the measured one. Linux carries a process's peak RSS
# across fork and exec, so a child forked straight from here would report our own peak; forked from this
# tiny launcher it reports its own. The launcher writes the peak RSS (kB: the largest single process) and
# CPU seconds of its children, and outlives a SIGTERM sent to the process group so it can still report
# after a timeout. It adopts and waits for (up to 2 minutes) descendants left when the child ends: dbt's
# Spark session runs in a JVM child of dbt that ends a moment after dbt, and counts only once reaped.
_LAUNCHER = """
import ctypes, os, resource, signal, subprocess, sys, time
signal.signal(signal.SIGTERM, signal.SIG_IGN)
try:  # PR_SET_CHILD_SUBREAPER: adopt orphaned descendants, such as PySpark's JVM, which outlives dbt
    ctypes.CDLL(None).prctl(36, 1, 0, 0, 0)
except (AttributeError, OSError):
    pass
child = subprocess.Popen(sys.argv[2:], preexec_fn=lambda: signal.signal(signal.SIGTERM, signal.SIG_DFL))
rc = child.wait()
deadline = time.monotonic() + 120
while time.monotonic() < deadline:  # reap them, so that their CPU time and peak memory are counted
    try:
        if os.waitpid(-1, os.WNOHANG) == (0, 0):
            time.sleep(0.1)
    except ChildProcessError:
        break
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(sys.argv[1], "w") as out:
    out.write(f"{usage.ru_maxrss} {usage.ru_utime + usage.ru_stime}")
sys.exit(rc if rc >= 0 else 128 - rc)
"""

_START = re.compile(r"\d+ of \d+ START sql \S+ model (\S+)")
_DONE = re.compile(r"\d+ of \d+ (?:OK created|ERROR creating) sql \S+ model (\S+)")
_NOTE = re.compile(r"connected_components: .*")


def _children_from_proc_stat() -> dict[int, list[int]]:
    """parent pid -> child pids, from every /proc/<pid>/stat (for kernels without /proc/.../children)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as stat:
                # pid (comm) state ppid: comm may hold spaces and parentheses; split after the last ')'.
                ppid = int(stat.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue  # the process ended between two reads
        children.setdefault(ppid, []).append(int(entry))
    return children


def child_pids(pid: int) -> list[int]:
    """The direct children of `pid`: /proc/<pid>/task/*/children where the kernel has it, else
    /proc/*/stat."""
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return []
    found: list[int] = []
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as children:
                found.extend(int(child) for child in children.read().split())
        except FileNotFoundError:
            if not os.path.exists(f"/proc/{pid}/task/{task}"):
                continue  # the thread ended
            return _children_from_proc_stat().get(pid, [])  # no CONFIG_PROC_CHILDREN
        except (OSError, ValueError):
            continue
    return found


def descendants_rss_mb(pid: int) -> float:
    """Resident memory (MB) of every descendant of process `pid`, not counting `pid` itself (Linux /proc)."""
    total_kb, stack = 0, child_pids(pid)
    while stack:
        current = stack.pop()
        try:
            with open(f"/proc/{current}/status", encoding="ascii", errors="replace") as status:
                total_kb += next((int(ln.split()[1]) for ln in status if ln.startswith("VmRSS:")), 0)
        except (OSError, ValueError):
            continue  # the process ended between two reads
        stack.extend(child_pids(current))
    return total_kb / 1024


def _stop_group(proc: subprocess.Popen) -> None:
    """SIGTERM to the process group of `proc`, SIGKILL if it is still there a minute later."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=60)
            return
        except subprocess.TimeoutExpired:
            continue


def run_measured(
    cmd: list[str],
    env: dict[str, str],
    log_path: Path,
    timeout_s: float,
    name: str,
    sample_memory_s: float | None = None,
) -> StepResult:
    """Run `cmd`, stream its output to `log_path`, return wall time and the child's peak RSS.

    Peak RSS and CPU time are the child's own, reported by _LAUNCHER (dbt runs DuckDB in-process, so
    it is the whole engine's footprint). On timeout the process group is terminated and the models that
    were still running are reported with how long they had run. With `sample_memory_s`, the child's
    resident memory is also read every that many seconds (StepResult.memory_samples).
    """
    log_path.parent.mkdir(parents=True, exist_ok=True)
    started: dict[str, float] = {}
    finished: set[str] = set()
    notes: list[str] = []
    timed_out = threading.Event()
    load_before = os.getloadavg()[0]
    stats_path = log_path.with_suffix(".rusage")
    stats_path.unlink(missing_ok=True)
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", _LAUNCHER, str(stats_path), *cmd],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )

    def _kill() -> None:
        timed_out.set()
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(proc.pid, sig)
            except ProcessLookupError:
                return
            time.sleep(60)

    timer = threading.Timer(timeout_s, _kill)
    timer.daemon = True
    timer.start()
    samples: list[tuple[float, float]] = []
    stop_sampling = threading.Event()

    def _sample() -> None:
        while not stop_sampling.wait(sample_memory_s):
            samples.append((time.time(), descendants_rss_mb(proc.pid)))

    sampler = threading.Thread(target=_sample, daemon=True)
    if sample_memory_s:
        sampler.start()
    try:
        with log_path.open("w", encoding="utf-8", buffering=1) as log:
            assert proc.stdout is not None
            for line in proc.stdout:
                log.write(line)
                if m := _START.search(line):
                    started[m.group(1)] = time.perf_counter()
                elif m := _DONE.search(line):
                    finished.add(m.group(1))
                elif m := _NOTE.search(line):
                    notes.append(m.group(0).strip())
        proc.wait()
    except BaseException:
        # Interrupted (Ctrl-C, SystemExit from SIGTERM): dbt runs in its own session and would go on,
        # with the 1M lock of the caller freed under it. Stop it before unwinding.
        timer.cancel()
        _stop_group(proc)
        raise
    wall = time.perf_counter() - t0
    stop_sampling.set()
    if sampler.is_alive():
        sampler.join()
    peak_kb, cpu_s = (
        (float(v) for v in stats_path.read_text().split()) if stats_path.is_file() else (0.0, 0.0)
    )
    timer.cancel()
    now = time.perf_counter()
    running = [(model, now - t) for model, t in started.items() if model not in finished]
    return StepResult(
        name=name,
        wall_s=wall,
        peak_rss_mb=peak_kb / 1024,  # Linux: kilobytes
        returncode=proc.returncode,
        cpu_s=cpu_s,
        load_avg_before=load_before,
        load_avg_after=os.getloadavg()[0],
        timed_out=timed_out.is_set(),
        running=running,
        notes=notes,
        memory_samples=samples,
    )


def read_run_results(target: Path, result: StepResult) -> None:
    path = target / "run_results.json"
    if not path.is_file():
        return
    data = json.loads(path.read_text(encoding="utf-8"))
    result.dbt_elapsed_s = data.get("elapsed_time")
    for node in data.get("results", []):
        uid = node.get("unique_id", "")
        if uid.startswith("model."):
            model = uid.rsplit(".", 1)[-1]
            result.model_times[model] = float(node.get("execution_time") or 0.0)
            execute = [t for t in node.get("timing", []) if t.get("name") == "execute"]
            if execute:
                start, end = (
                    datetime.fromisoformat(execute[0][key].replace("Z", "+00:00")).timestamp()
                    for key in ("started_at", "completed_at")
                )
                result.model_intervals.append((start, end, model))


def dbt_env(size_dir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DBT_PROFILES_DIR": str(ROOT),
        "CDP_TARGET": "duckdb",
        "CDP_DUCKDB_PATH": str(size_dir / "cdp.duckdb"),
        "DBT_TARGET_PATH": str(size_dir / "target"),
        "DBT_LOG_PATH": str(size_dir / "logs"),
        # Line by line, so a timeout can tell which model was still running.
        "PYTHONUNBUFFERED": "1",
    }


def dbt(
    size_dir: Path,
    name: str,
    args: list[str],
    timeout_s: float,
    sample_memory_s: float | None = None,
    env: dict[str, str] | None = None,
) -> StepResult:
    """One measured dbt command in `size_dir`; `env` adds to or overrides dbt_env (another target)."""
    exe = str(Path(sys.executable).with_name("dbt"))
    # Remove a previous step's results so a crashed step never reports someone else's timings.
    (size_dir / "target" / "run_results.json").unlink(missing_ok=True)
    log_path = size_dir / "logs" / f"{name}.out"
    run_env = {**dbt_env(size_dir), **(env or {})}
    result = run_measured([exe, *args], run_env, log_path, timeout_s, name, sample_memory_s)
    read_run_results(size_dir / "target", result)
    return result


# ---------------------------------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------------------------------


def generator_fingerprint() -> str:
    """Hash of the generator's source: data generated by another version of it is not reused."""
    digest = hashlib.sha256()
    for path in sorted((ROOT / "cdp" / "generator").glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def code_version() -> dict:
    """The commit benchmarked, and whether models, macros, seeds or the generator had uncommitted edits."""

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)
        return done.stdout.strip()

    dirty = git(
        "status", "--porcelain", "--", "models", "macros", "seeds", "cdp/generator", "dbt_project.yml"
    )
    return {"commit": git("rev-parse", "--short", "HEAD"), "uncommitted_changes": dirty.splitlines()}


def size_dir_for(run_dir: Path, people: int, mode: str) -> Path:
    """people_N for the default mode (as before modes existed, so earlier run folders are reused)."""
    return run_dir / (f"people_{people}" if mode == "default" else f"people_{people}_{mode}")


def ensure_data(size_dir: Path, people: int, seed: int, mode: str = "default") -> tuple[float | None, dict]:
    """Generate raw + truth for this size and generator mode unless this run dir already holds them;
    return (seconds, counts)."""
    from cdp.generator import MessConfig, generate

    marker = size_dir / "generated.json"
    fingerprint = generator_fingerprint()
    if marker.is_file():
        info = json.loads(marker.read_text(encoding="utf-8"))
        stored = (info.get("people"), info.get("seed"), info.get("generator"), info.get("mode", "default"))
        if stored == (people, seed, fingerprint, mode):
            return None, info.get("rows", {})
    for sub in ("raw", "truth"):
        shutil.rmtree(size_dir / sub, ignore_errors=True)
    t0 = time.perf_counter()
    mess = MessConfig.profile(mode)
    manifest = generate(people, seed, size_dir / "raw", size_dir / "truth", fmt="parquet", mess=mess)
    seconds = time.perf_counter() - t0
    rows = {t: s["rows_written"] for t, s in manifest["tables"].items()}
    info = {
        "people": people,
        "seed": seed,
        "mode": mode,
        "generator": fingerprint,
        "rows": rows,
        "seconds": seconds,
    }
    marker.write_text(json.dumps(info), encoding="utf-8")
    return seconds, rows


def fresh_load(size_dir: Path) -> float:
    from cdp.raw_loader import load_raw_dir

    db = size_dir / "cdp.duckdb"
    for path in (db, db.with_suffix(".duckdb.wal")):
        path.unlink(missing_ok=True)
    shutil.rmtree(size_dir / "target", ignore_errors=True)
    t0 = time.perf_counter()
    load_raw_dir(size_dir / "raw", db)
    return time.perf_counter() - t0


# ---------------------------------------------------------------------------------------------------
# Evaluation (DuckDB SQL on the built warehouse, opened read-only; work tables are temporary)
# ---------------------------------------------------------------------------------------------------

# Every normalised identifier value a record carries, read from the staged sources (our staging
# normalisation) and the unioned records' attributes, but not from the resolver's own identifier
# model. Web anonymous ids carry every value seen on any of their events.
IDENTIFIERS_SQL = """
create or replace temp table bench_identifiers as
select distinct record_key, id_type, id_value from (
    select record_key, 'email' as id_type, email_match_key as id_value
    from intermediate.int_identity_records_unioned
    where email_match_key is not null and source_table != 'web_events'
    union all
    select record_key, 'phone', phone_e164
    from intermediate.int_identity_records_unioned
    where phone_e164 is not null and source_table != 'web_events'
    union all
    select 'shop_customers:' || customer_id, 'account', customer_id from staging.stg_shop__customers
    union all
    select 'shop_orders:' || order_id, 'account', customer_id
    from staging.stg_shop__orders where customer_id is not null
    union all
    select 'shop_orders:' || order_id, 'order', order_id from staging.stg_shop__orders
    union all
    select 'loyalty_members:' || loyalty_card_id, 'loyalty_card', loyalty_card_id
    from staging.stg_loyalty__members
    union all
    select 'pos_transactions:' || transaction_id, 'loyalty_card', loyalty_card_id
    from staging.stg_pos__transactions where loyalty_card_id is not null
    union all
    select 'social_leads:' || lead_id, 'social_id', platform || ':' || platform_user_id
    from staging.stg_social__leads where platform_user_id is not null
    union all
    select 'web_events:' || anonymous_id, 'account', user_id
    from staging.stg_web__events where anonymous_id is not null and user_id is not null
    union all
    select 'web_events:' || anonymous_id, 'device', device_id
    from staging.stg_web__events where anonymous_id is not null and device_id is not null
    union all
    select 'web_events:' || anonymous_id, 'order', order_id
    from staging.stg_web__events where anonymous_id is not null and order_id is not null
    union all
    select 'web_events:' || anonymous_id, 'email', email_match_key
    from staging.stg_web__events where anonymous_id is not null and email_match_key is not null
    union all
    select 'web_events:' || anonymous_id, 'phone', phone_e164
    from staging.stg_web__events where anonymous_id is not null and phone_e164 is not null
) as identifiers
where id_value is not null
"""

# Records present in both the resolver's output and the ground truth, with their true person and the
# clusters of the deterministic pass and of the final map.
EVAL_SQL = """
create or replace temp table bench_eval as
select
    map.record_key,
    truth.person_id,
    det.component_key as det_cluster,
    map.customer_id as final_cluster,
    false as linkable,
    records.name_tokens_sorted is not null as named
from marts.customer_identity_map as map
inner join read_parquet($truth) as truth
    on map.source_table = truth.source_table and map.source_record_id = truth.source_record_id
inner join intermediate.int_identity_components_deterministic as det on map.record_key = det.record_key
inner join intermediate.int_identity_records_unioned as records on map.record_key = records.record_key
"""

# Linkable: the record shares at least one exact (identifier type, value) with another evaluated
# record of the same true person.
LINKABLE_SQL = """
update bench_eval set linkable = true
where record_key in (
    with carried as (
        select ids.record_key, ev.person_id, ids.id_type, ids.id_value
        from bench_identifiers as ids
        inner join bench_eval as ev on ids.record_key = ev.record_key
    ),
    shared as (
        select person_id, id_type, id_value
        from carried
        group by person_id, id_type, id_value
        having count(distinct record_key) >= 2
    )
    select carried.record_key
    from carried
    inner join shared using (person_id, id_type, id_value)
)
"""


@dataclass
class Scores:
    records: int
    persons: int
    clusters: int
    true_pairs: int
    predicted_pairs: int
    tp_pairs: int
    over_merged: int
    split: int

    @property
    def precision(self) -> float:
        return self.tp_pairs / self.predicted_pairs if self.predicted_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.tp_pairs / self.true_pairs if self.true_pairs else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score(con: duckdb.DuckDBPyConnection, source_sql: str, subset: str | None = None) -> Scores:
    """Pairwise scores of a clustering; `source_sql` yields record_key, person_id, cluster and the subset
    flags linkable and named; `subset` restricts both clusters and persons to the records so flagged."""
    if subset not in (None, "linkable", "named"):
        raise ValueError(f"unknown subset {subset!r}")
    where = f"where {subset}" if subset else ""
    row = con.execute(
        f"""
        with e as (
            select record_key, person_id, coalesce(cluster, 'singleton:' || record_key) as cluster
            from ({source_sql}) as source {where}
        ),
        by_cluster as (select count(*) as n, count(distinct person_id) as persons from e group by cluster),
        by_person as (select count(*) as n, count(distinct cluster) as clusters from e group by person_id),
        by_both as (select count(*) as n from e group by cluster, person_id)
        select
            (select count(*) from e),
            (select count(*) from by_person),
            (select count(*) from by_cluster),
            (select coalesce(sum(n * (n - 1) // 2), 0) from by_person),
            (select coalesce(sum(n * (n - 1) // 2), 0) from by_cluster),
            (select coalesce(sum(n * (n - 1) // 2), 0) from by_both),
            (select count(*) from by_cluster where persons > 1),
            (select count(*) from by_person where clusters > 1)
        """
    ).fetchall()[0]
    return Scores(*(int(v) for v in row))


def reachable_recall(con: duckdb.DuckDBPyConnection, source_sql: str) -> float:
    """Share of the exact-id ceiling's pairs (same person, joined by shared exact identifiers) that the
    clustering also puts together: recall against what exact evidence can reveal."""
    row = con.execute(
        f"""
        with e as (
            select source.record_key, ev.ceiling_cluster,
                coalesce(source.cluster, 'singleton:' || source.record_key) as cluster
            from ({source_sql}) as source inner join bench_eval as ev using (record_key)
        ),
        by_ceiling as (select count(*) as n from e group by ceiling_cluster),
        by_both as (select count(*) as n from e group by ceiling_cluster, cluster)
        select
            (select coalesce(sum(n * (n - 1) // 2), 0) from by_ceiling),
            (select coalesce(sum(n * (n - 1) // 2), 0) from by_both)
        """
    ).fetchall()[0]
    return row[1] / row[0] if row[0] else 1.0


def beyond_ids_recall(con: duckdb.DuckDBPyConnection, source_sql: str) -> float:
    """Recall on the true pairs that exact identifiers cannot reveal: pairs of one person that the exact-id
    ceiling leaves in different clusters (no chain of shared identifiers), and the share of them the
    clustering puts together. What only names, birth dates and addresses can find."""
    row = con.execute(
        f"""
        with e as (
            select source.record_key, ev.person_id, ev.ceiling_cluster,
                coalesce(source.cluster, 'singleton:' || source.record_key) as cluster
            from ({source_sql}) as source inner join bench_eval as ev using (record_key)
        ),
        by_person as (select count(*) as n from e group by person_id),
        by_ceiling as (select count(*) as n from e group by ceiling_cluster),
        by_person_cluster as (select count(*) as n from e group by person_id, cluster),
        by_all as (select count(*) as n from e group by person_id, cluster, ceiling_cluster)
        select
            (select coalesce(sum(n * (n - 1) // 2), 0) from by_person)
            - (select coalesce(sum(n * (n - 1) // 2), 0) from by_ceiling),
            (select coalesce(sum(n * (n - 1) // 2), 0) from by_person_cluster)
            - (select coalesce(sum(n * (n - 1) // 2), 0) from by_all)
        """
    ).fetchall()[0]
    return row[1] / row[0] if row[0] else 1.0


def ours_source(column: str) -> str:
    return f"select record_key, person_id, {column} as cluster, linkable, named from bench_eval"


def splink_source(path: Path) -> str:
    quoted = str(path).replace("'", "''")
    return (
        "select ev.record_key, ev.person_id, sp.cluster_id as cluster, ev.linkable, ev.named "
        "from bench_eval as ev "
        f"left join read_parquet('{quoted}') as sp on ev.record_key = sp.unique_id"
    )


# The records handed to Splink: every identity record (the resolver's input), its person attributes
# as the resolver reads them (the email's local part added; the address as house number + street and
# district keys of the project's address normalisation), and the strong identifiers as columns.
# account / loyalty card / social id / device: the record's value (the smallest if it carries several);
# orders: the array of order ids it carries.
SPLINK_INPUT_SQL = """
copy (
    with ids as (
        select
            record_key,
            min(id_value) filter (where id_type = 'account') as account_id,
            min(id_value) filter (where id_type = 'loyalty_card') as loyalty_card_id,
            min(id_value) filter (where id_type = 'social_id') as social_id,
            min(id_value) filter (where id_type = 'device') as device_id,
            list(distinct id_value order by id_value) filter (where id_type = 'order') as order_ids
        from bench_identifiers
        where id_type in ('account', 'loyalty_card', 'social_id', 'device', 'order')
        group by record_key
    )
    select
        records.record_key as unique_id,
        records.given_name_key,
        records.family_name_key,
        records.name_tokens_sorted,
        records.date_of_birth,
        records.email_match_key,
        nullif(split_part(records.email_match_key, '@', 1), '') as email_local_part,
        records.phone_e164,
        records.province_code,
        records.address_key,
        records.district_key,
        ids.account_id,
        ids.loyalty_card_id,
        ids.social_id,
        ids.device_id,
        case when len(ids.order_ids) > 0 then ids.order_ids end as order_ids
    from intermediate.int_identity_records_unioned as records
    left join ids on records.record_key = ids.record_key
) to {path} (format parquet)
"""


def prepare_evaluation(con: duckdb.DuckDBPyConnection, size_dir: Path) -> dict:
    con.execute(IDENTIFIERS_SQL)
    con.execute(EVAL_SQL, {"truth": str(size_dir / "truth" / "identity_truth.parquet")})
    con.execute(LINKABLE_SQL)
    add_exact_ceiling(con)
    identity_records = con.execute(
        "select count(*) from intermediate.int_identity_records_unioned"
    ).fetchall()[0][0]
    truth_records = con.execute(
        "select count(*) from read_parquet($p)", {"p": str(size_dir / "truth" / "identity_truth.parquet")}
    ).fetchall()[0][0]
    evaluated, linkable, named = con.execute(
        "select count(*), count(*) filter (where linkable), count(*) filter (where named) from bench_eval"
    ).fetchall()[0]
    return {
        "identity_records": identity_records,
        "truth_records": truth_records,
        "evaluated_records": evaluated,
        "linkable_records": linkable,
        "named_records": named,
    }


def export_splink_input(con: duckdb.DuckDBPyConnection, path: Path) -> dict:
    """Write Splink's input; return which identifier columns carry a value shared by two records."""
    path.parent.mkdir(parents=True, exist_ok=True)
    quoted = "'" + str(path).replace("'", "''") + "'"
    con.execute(SPLINK_INPUT_SQL.format(path=quoted))
    usable: dict[str, int] = {}
    for column in SPLINK_ID_COLUMNS:
        usable[column] = con.execute(
            f"select count(*) from (select {column} from read_parquet($p) where {column} is not null "
            f"group by 1 having count(*) > 1)",
            {"p": str(path)},
        ).fetchall()[0][0]
    usable["order_ids"] = con.execute(
        "select count(*) from (select unnest(order_ids) as o from read_parquet($p) "
        "group by 1 having count(*) > 1)",
        {"p": str(path)},
    ).fetchall()[0][0]
    multi = con.execute(
        """
        select id_type, count(*) from (
            select record_key, id_type from bench_identifiers
            where id_type in ('account', 'loyalty_card', 'social_id', 'device')
            group by 1, 2 having count(*) > 1
        ) group by 1 order by 1
        """
    ).fetchall()
    return {"shared_values": usable, "records_with_several_values": dict(multi)}


# ---------------------------------------------------------------------------------------------------
# Our resolver's blocking rules: how many candidate pairs each produces
# ---------------------------------------------------------------------------------------------------


@dataclass
class BlockingRule:
    """A blocking rule: records whose key expressions (SQL over int_identity_records_unioned) are all
    non-null and equal form a block; blocks over `max_block_records` records pair nothing."""

    name: str
    keys: list[str]
    where: str | None = None
    max_block_records: int | None = None


# The fuzzy blocking keys of int_identity_edges_fuzzy, used while dbt_project.yml declares no
# identity_blocking_rules: name + birth year, order-free name + province, given name + phone tail; the
# block cap is var identity_fuzzy_max_block_records.
CURRENT_BLOCKING_RULES = (
    BlockingRule(
        "name_dob",
        ["family_name_key", "given_name_key", "year(date_of_birth)"],
        "name_tokens_sorted is not null",
    ),
    BlockingRule(
        "name_province",
        ["name_tokens_sorted", "province_code"],
        "name_tokens_sorted is not null and family_name_key is not null",
    ),
    BlockingRule(
        "name_phone_tail", ["given_name_key", "right(phone_e164, 6)"], "name_tokens_sorted is not null"
    ),
)
BLOCKING_KEY_FIELDS = ("keys", "columns", "on", "key", "expressions", "blocking_keys")
BLOCK_CAP_VARS = ("identity_max_block_records", "identity_fuzzy_max_block_records")
UNION_PAIRS_LIMIT = 300_000_000


def _as_list(value) -> list[str]:
    return [value] if isinstance(value, str) else [str(v) for v in value]


def parse_blocking_rules(project_vars: dict) -> tuple[str, list[BlockingRule]]:
    """The blocking rules declared in the dbt project's vars (identity_blocking_rules), or the current
    fuzzy keys. Accepted shapes: a list of mappings with a name and the key expressions under one of
    BLOCKING_KEY_FIELDS (optional `where`, `max_block_records`), a mapping name -> expressions or ->
    such a mapping, or a list of expression lists. Returns (where the rules came from, rules)."""
    declared = project_vars.get("identity_blocking_rules")
    cap = next((int(project_vars[v]) for v in BLOCK_CAP_VARS if project_vars.get(v) is not None), None)
    if not declared:
        rules = [dataclasses.replace(r, max_block_records=cap) for r in CURRENT_BLOCKING_RULES]
        return "the current fuzzy blocking keys (int_identity_edges_fuzzy)", rules
    items = list(declared.items()) if isinstance(declared, dict) else list(enumerate(declared, start=1))
    rules = []
    for name, spec in items:
        if isinstance(spec, dict):
            field_name = next((f for f in BLOCKING_KEY_FIELDS if f in spec), None)
            if field_name is None:
                raise ValueError(
                    f"blocking rule {name!r}: no key expressions under any of {BLOCKING_KEY_FIELDS}"
                )
            own_cap = spec.get("max_block_records", spec.get("max_records"))
            rules.append(
                BlockingRule(
                    str(spec.get("name", name)),
                    _as_list(spec[field_name]),
                    spec.get("where"),
                    int(own_cap) if own_cap is not None else cap,
                )
            )
        else:
            rules.append(
                BlockingRule(
                    str(name) if isinstance(name, str) else f"rule_{name}", _as_list(spec), None, cap
                )
            )
    return "dbt_project.yml vars: identity_blocking_rules", rules


def project_vars() -> dict:
    import yaml

    data = yaml.safe_load((ROOT / "dbt_project.yml").read_text(encoding="utf-8"))
    return data.get("vars") or {}


def _rule_keys_sql(rule: BlockingRule) -> str:
    key = " || '|' || ".join(f"cast(({k}) as varchar)" for k in rule.keys)
    conditions = [f"({k}) is not null" for k in rule.keys] + ([f"({rule.where})"] if rule.where else [])
    return (
        f"select record_key, {key} as block_key from intermediate.int_identity_records_unioned "
        f"where {' and '.join(conditions)}"
    )


def blocking_pair_counts(con: duckdb.DuckDBPyConnection, rules: list[BlockingRule]) -> dict:
    """Per rule: records with a key, blocks of two or more, the largest block, candidate pairs in all
    blocks and in the blocks within the rule's cap; and the distinct pairs of all rules together (within
    the caps), counted by enumerating them when there are at most UNION_PAIRS_LIMIT."""
    out: dict = {"rules": {}}
    for rule in rules:
        cap = rule.max_block_records or 2**62
        try:
            row = con.execute(
                f"""
                with keyed as ({_rule_keys_sql(rule)}),
                blocks as (select block_key, count(*) as n from keyed group by block_key)
                select
                    (select count(*) from keyed),
                    count(*) filter (where n >= 2),
                    coalesce(max(n), 0),
                    coalesce(sum(n * (n - 1) // 2), 0),
                    coalesce(sum(n * (n - 1) // 2) filter (where n <= {cap}), 0),
                    count(*) filter (where n > {cap})
                from blocks
                """
            ).fetchall()[0]
        except duckdb.Error as exc:
            out["rules"][rule.name] = {"keys": rule.keys, "error": str(exc).splitlines()[0]}
            continue
        out["rules"][rule.name] = {
            "keys": rule.keys,
            "where": rule.where,
            "max_block_records": rule.max_block_records,
            "records": int(row[0]),
            "blocks": int(row[1]),
            "largest_block": int(row[2]),
            "pairs": int(row[3]),
            "pairs_within_cap": int(row[4]),
            "blocks_over_cap": int(row[5]),
        }
    counted = [r for r in rules if "error" not in out["rules"][r.name]]
    total = sum(out["rules"][r.name]["pairs_within_cap"] for r in counted)
    out["union_pairs"] = None
    if counted and total <= UNION_PAIRS_LIMIT:
        parts = []
        for rule in counted:
            cap = rule.max_block_records or 2**62
            parts.append(
                f"""select * from (
                    with keyed as ({_rule_keys_sql(rule)}),
                    small as (select block_key from keyed group by block_key having count(*) <= {cap})
                    select l.record_key as left_key, r.record_key as right_key
                    from keyed as l
                    inner join keyed as r on l.block_key = r.block_key and l.record_key < r.record_key
                    where l.block_key in (select block_key from small)
                )"""
            )
        sql = "select count(*) from (" + "\nunion\n".join(parts) + ")"
        out["union_pairs"] = int(con.execute(sql).fetchall()[0][0])
    return out


def profile_blocking_counts(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, int]]:
    """Per blocking rule, what the resolver itself counted over its profiles (model
    int_identity_blocking_rules_counted); empty when the model is not there."""
    try:
        rows = con.execute(
            "select blocking_rule, profiles_with_key, blocks, largest_block, blocks_over_cap, "
            "pairs_within_cap, pairs_first_found from intermediate.int_identity_blocking_rules_counted "
            "order by rule_order"
        ).fetchall()
    except duckdb.Error:
        return {}
    keys = ("profiles", "blocks", "largest_block", "blocks_over_cap", "pairs_within_cap", "pairs_first_found")
    return {row[0]: dict(zip(keys, (int(v) for v in row[1:]), strict=True)) for row in rows}


def fuzzy_edges_by_rule(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, int]]:
    """Pairs the fuzzy model compared and accepted, per rule (its first blocking rule), read from
    int_identity_edges_fuzzy; empty when the model is not there."""
    try:
        rows = con.execute(
            "select rule, count(*), count(*) filter (where is_accepted) "
            "from intermediate.int_identity_edges_fuzzy group by rule order by rule"
        ).fetchall()
    except duckdb.Error:
        return {}
    return {rule: {"compared": int(n), "accepted": int(a)} for rule, n, a in rows}


# ---------------------------------------------------------------------------------------------------
# Splink (runs in a child process so its wall time and peak memory are measured like dbt's)
# ---------------------------------------------------------------------------------------------------


def splink_worker(work_dir: Path) -> int:
    import logging

    import splink.comparison_level_library as cll
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    config = json.loads((work_dir / "config.json").read_text(encoding="utf-8"))
    id_columns = config["id_columns"]
    timings: dict[str, float] = {}

    def lap(name: str, t0: float) -> float:
        timings[name] = time.perf_counter() - t0
        print(f"  splink: {name} {timings[name]:.1f}s", file=sys.stderr, flush=True)
        return time.perf_counter()

    t = time.perf_counter()
    if config.get("memory_limit"):
        # --splink-memory-limit: Splink's tables in a DuckDB file and a memory limit above which it
        # spills to a folder of its own. At 1M people, in memory, its blocked pairs outgrow DuckDB's
        # default limit (80 % of a 24 GiB machine) even on an idle machine.
        con = duckdb.connect(str(work_dir / "splink.duckdb"))
        con.execute(f"set memory_limit = '{config['memory_limit']}'")
        con.execute(f"set temp_directory = '{work_dir / 'spill'}'")
    else:
        con = duckdb.connect()
    con.execute(
        "create table splink_input as select * from read_parquet($p)", {"p": str(work_dir / "input.parquet")}
    ).fetchall()
    db_api = DuckDBAPI(connection=con)
    records = db_api.register("splink_input")

    # The same fields as our resolver, each with levels (the comparisons of issue 11's model): names
    # (exact order-free with term frequencies, swapped, Jaro-Winkler, family or given only), date of birth
    # (exact, day and month swapped, one digit off, same year and month), email (exact with term
    # frequencies, local part exact or close), phone (exact with term frequencies, one digit off, same last
    # six digits), the address as house number and street (exact with term frequencies, Jaro-Winkler),
    # district, province; missing values are a null level (neither agreement nor disagreement).
    comparisons = [
        cl.ForenameSurnameComparison(
            "given_name_key", "family_name_key", forename_surname_concat_col_name="name_tokens_sorted"
        ),
        cl.CustomComparison(
            output_column_name="date_of_birth",
            comparison_levels=[
                cll.NullLevel("date_of_birth"),
                cll.ExactMatchLevel("date_of_birth"),
                cll.CustomLevel(
                    'year("date_of_birth_l") = year("date_of_birth_r") '
                    'and month("date_of_birth_l") = day("date_of_birth_r") '
                    'and day("date_of_birth_l") = month("date_of_birth_r")',
                    label_for_charts="day and month swapped",
                ),
                cll.CustomLevel(
                    'levenshtein(cast("date_of_birth_l" as varchar), '
                    'cast("date_of_birth_r" as varchar)) <= 1',
                    label_for_charts="one digit off",
                ),
                cll.CustomLevel(
                    "date_trunc('month', \"date_of_birth_l\") = date_trunc('month', \"date_of_birth_r\")",
                    label_for_charts="same year and month",
                ),
                cll.ElseLevel(),
            ],
        ),
        cl.EmailComparison("email_match_key"),
        cl.CustomComparison(
            output_column_name="phone_e164",
            comparison_levels=[
                cll.NullLevel("phone_e164"),
                cll.ExactMatchLevel("phone_e164").configure(tf_adjustment_column="phone_e164"),
                cll.LevenshteinLevel("phone_e164", 1),
                cll.CustomLevel(
                    'right("phone_e164_l", 6) = right("phone_e164_r", 6)',
                    label_for_charts="same last 6 digits",
                ),
                cll.ElseLevel(),
            ],
        ),
        cl.CustomComparison(
            output_column_name="address_key",
            comparison_levels=[
                cll.NullLevel("address_key"),
                cll.ExactMatchLevel("address_key").configure(tf_adjustment_column="address_key"),
                cll.JaroWinklerLevel("address_key", 0.92),
                cll.JaroWinklerLevel("address_key", 0.8),
                cll.ElseLevel(),
            ],
        ),
        cl.ExactMatch("district_key"),
        cl.ExactMatch("province_code"),
    ]
    # Prediction blocking, unioned (issue 11): exact identifiers and email local part; date of birth;
    # family + given name (with province, and with birth year: without either, 'Nguyễn Văn An' blocks
    # grow quadratically); given name + district; given name + address; the strong identifiers below.
    blocking = [
        block_on("email_match_key"),
        block_on("email_local_part"),
        block_on("phone_e164"),
        block_on("date_of_birth"),
        block_on("family_name_key", "given_name_key", "province_code"),
        block_on("family_name_key", "given_name_key", "year(date_of_birth)"),
        block_on("given_name_key", "district_key"),
        block_on("given_name_key", "address_key"),
    ]
    for column in id_columns:
        if column == "order_ids":
            comparisons.append(cl.ArrayIntersectAtSizes("order_ids", [1]))
            blocking.append(block_on("order_ids", arrays_to_explode=["order_ids"]))
        else:
            comparisons.append(cl.ExactMatch(column))
            blocking.append(block_on(column))
    settings = SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=comparisons,
        blocking_rules_to_generate_predictions=blocking,
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=False,
    )
    linker = Linker(records, settings, log_level=logging.WARNING)
    t = lap("load", t)

    # Email and phone, when two records share a value. With neither (the outside probe's `intl` set,
    # cdp.bench.linkage_probe; never the project's own data) rules on them compare no pair: the prior
    # would be 0 and EM on them fails, so the prior is read from the same name and date of birth instead
    # and EM runs on the other two rules.
    contact = [
        column
        for column in ("email_match_key", "phone_e164")
        if con.execute(
            f"select count(*) from (select 1 from splink_input where {column} is not null "
            f"group by {column} having count(*) > 1 limit 1)"
        ).fetchall()[0][0]
    ]
    # Prior: matches found by near-certain rules, scaled up by an assumed recall of those rules.
    deterministic = [block_on("name_tokens_sorted", column) for column in contact]
    deterministic += [block_on(c) for c in id_columns if c in ("account_id", "loyalty_card_id")]
    if not deterministic:
        deterministic = [block_on("name_tokens_sorted", "date_of_birth")]
        print("  splink: no shared email or phone: prior from name + date of birth", file=sys.stderr)
    linker.training.estimate_probability_two_random_records_match(
        deterministic, recall=config["prior_recall"]
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=config["u_max_pairs"], seed=SEED)
    for rule in (
        *(block_on(column) for column in contact),
        block_on("date_of_birth"),
        block_on("name_tokens_sorted", "province_code"),
    ):
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    t = lap("train", t)

    predictions = linker.inference.predict(
        threshold_match_probability=min(config["thresholds"]), warning_mode="never"
    )
    predicted_pairs = con.execute(f"select count(*) from {predictions.physical_name}").fetchall()[0][0]
    t = lap("predict", t)

    cluster_s: dict[str, float] = {}
    process_to_headline_s = None
    # The headline threshold first: the time from process launch to its clusters is Splink's end-to-end
    # figure (interpreter start, imports, load, training, prediction, clustering), like our dbt process.
    reported = config["reported_threshold"]
    for threshold in [reported] + [thr for thr in config["thresholds"] if thr != reported]:
        t = time.perf_counter()
        clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
            predictions, threshold_match_probability=threshold
        )
        out = work_dir / f"clusters_{threshold}.parquet"
        con.execute(
            f"copy (select cluster_id, unique_id from {clusters.physical_name}) to '{out}' (format parquet)"
        ).fetchall()
        cluster_s[str(threshold)] = time.perf_counter() - t
        if threshold == reported:
            process_to_headline_s = time.time() - config["launched_at"]
        print(f"  splink: cluster@{threshold} {cluster_s[str(threshold)]:.1f}s", file=sys.stderr, flush=True)
        clusters.drop_table_from_database_and_remove_from_cache()

    model = linker.misc.save_model_to_json(str(work_dir / "model.json"), overwrite=True)
    result = {
        "timings": timings,
        "cluster_s": cluster_s,
        "process_to_headline_s": process_to_headline_s,
        "predicted_pairs_above_min_threshold": predicted_pairs,
        "probability_two_random_records_match": model.get("probability_two_random_records_match"),
    }
    (work_dir / "result.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0


def run_splink(size_dir: Path, con: duckdb.DuckDBPyConnection, args: argparse.Namespace) -> dict:
    work_dir = size_dir / "splink"
    shutil.rmtree(work_dir, ignore_errors=True)
    t0 = time.perf_counter()
    input_info = export_splink_input(con, work_dir / "input.parquet")
    export_s = time.perf_counter() - t0
    id_columns = [c for c, n in input_info["shared_values"].items() if n > 0]
    config = {
        "id_columns": id_columns,
        "thresholds": list(SPLINK_THRESHOLDS),
        "prior_recall": args.splink_prior_recall,
        "u_max_pairs": args.splink_u_max_pairs,
        "reported_threshold": SPLINK_REPORTED_THRESHOLD,
        "memory_limit": args.splink_memory_limit,
        "launched_at": time.time(),
    }
    (work_dir / "config.json").write_text(json.dumps(config), encoding="utf-8")
    cmd = [sys.executable, "-m", "cdp.bench.identity", "--splink-worker", str(work_dir)]
    step = run_measured(cmd, {**os.environ}, work_dir / "splink.out", args.splink_timeout, "splink")
    out = {
        "export_s": export_s,
        "input": input_info,
        "id_columns": id_columns,
        "wall_s": step.wall_s,
        "peak_rss_mb": step.peak_rss_mb,
        "cpu_s": step.cpu_s,
        "ok": step.ok,
        "timed_out": step.timed_out,
    }
    if step.ok:
        out.update(json.loads((work_dir / "result.json").read_text(encoding="utf-8")))
        tm = out["timings"]
        # Compute: training, prediction and clustering at the headline threshold (what our dbt models
        # do, without process start-up). End to end: preparing its input from the staged tables plus
        # the whole process up to the headline clusters (what our dbt process does, start-up included).
        out["splink_s"] = tm["train"] + tm["predict"] + out["cluster_s"][str(SPLINK_REPORTED_THRESHOLD)]
        out["end_to_end_s"] = export_s + out["process_to_headline_s"]
    else:
        tail = (work_dir / "splink.out").read_text(encoding="utf-8", errors="replace").splitlines()[-15:]
        out["error_tail"] = tail
    return out


# ---------------------------------------------------------------------------------------------------
# Reporting
# ---------------------------------------------------------------------------------------------------


def fmt_s(value: float | None) -> str:
    return "-" if value is None else f"{value:,.1f}"


def scores_row(label: str, sc: dict) -> str:
    all_, link, reach = Scores(**sc["all"]), Scores(**sc["linkable"]), sc["reachable_recall"]
    f1_reach = 2 * all_.precision * reach / (all_.precision + reach) if all_.precision + reach else 0.0
    beyond = sc.get("beyond_ids_recall")
    return (
        f"| {label:<22} | {all_.precision:.4f} | {all_.recall:.4f} | {all_.f1:.4f} | {all_.over_merged:>7,} "
        f"| {all_.split:>7,} | {link.precision:.4f} | {link.recall:.4f} | {link.f1:.4f} "
        f"| {link.over_merged:>7,} "
        f"| {link.split:>7,} | {reach:.4f} | {f1_reach:.4f} | "
        + ("     - " if beyond is None else f"{beyond:.4f}")
        + " |"
    )


def print_named(res: dict) -> None:
    """Scores over the records that carry a name (where names, birth dates and addresses can help)."""
    keys = ["exact ceiling", "final"] + [
        k for k in (res.get("splink_best"), f"splink@{SPLINK_REPORTED_THRESHOLD}") if k in res["scores"]
    ]
    named = res["evaluation"].get("named_records")
    print(f"records with a name ({named:,}):" if named is not None else "records with a name:")
    header = "| method                 | P      | R      | F1     | overmrg | split   |"
    print(header)
    print("|" + "|".join("-" * len(c) for c in header.split("|")[1:-1]) + "|")
    for key in dict.fromkeys(keys):
        sc = res["scores"][key].get("named")
        if sc is None:
            continue
        n = Scores(**sc)
        label = {"final": "ours: final", "exact ceiling": "exact-id ceiling"}.get(key, key)
        print(
            f"| {label:<22} | {n.precision:.4f} | {n.recall:.4f} | {n.f1:.4f} | {n.over_merged:>7,} "
            f"| {n.split:>7,} |"
        )


def print_blocking(blocking: dict) -> None:
    print(f"our blocking rules ({blocking['source']}): candidate pairs per rule")
    header = (
        "| rule                 | records    | blocks     | largest | pairs          | pairs in cap | cap  |"
    )
    print(header)
    print("|" + "|".join("-" * len(c) for c in header.split("|")[1:-1]) + "|")
    for name, r in blocking["rules"].items():
        if "error" in r:
            print(f"| {name:<20} | error: {r['error']} |")
            continue
        cap = "-" if r["max_block_records"] is None else f"{r['max_block_records']:,}"
        print(
            f"| {name:<20} | {r['records']:>10,} | {r['blocks']:>10,} | {r['largest_block']:>7,} "
            f"| {r['pairs']:>14,} | {r['pairs_within_cap']:>12,} | {cap:>4} |"
        )
    union = blocking.get("union_pairs")
    union_s = "-" if union is None else f"{union:,}"
    print(f"distinct candidate pairs, all rules together (within the caps): {union_s}")
    if blocking.get("fuzzy_edges"):
        edges = ", ".join(
            f"{rule} {e['compared']:,} compared / {e['accepted']:,} accepted"
            for rule, e in blocking["fuzzy_edges"].items()
        )
        print(f"fuzzy model (int_identity_edges_fuzzy, records of different components): {edges}")
    if blocking.get("profile_rules"):
        print("the resolver's own count over its profiles (int_identity_blocking_rules_counted):")
        print("| rule | profiles | blocks | largest | over cap | pairs in cap | first found |")
        print("|---|---|---|---|---|---|---|")
        for name, r in blocking["profile_rules"].items():
            print(
                f"| {name:<20} | {r['profiles']:>10,} | {r['blocks']:>10,} | {r['largest_block']:>7,} "
                f"| {r['blocks_over_cap']:>8,} | {r['pairs_within_cap']:>12,} "
                f"| {r['pairs_first_found']:>11,} |"
            )


def print_size_report(res: dict) -> None:
    ev = res["evaluation"]
    title = f"\n## {res['people']:,} people, {res.get('mode', 'default')} mode (seed {res['seed']})"
    if ev:
        title += (
            f": {ev['identity_records']:,} identity records, {ev['evaluated_records']:,} in the ground "
            f"truth, {ev['linkable_records']:,} linkable "
            f"({ev['linkable_records'] / max(ev['evaluated_records'], 1):.1%})"
        )
    code = res["code"]
    title += f" | code {code['commit']}" + (" + uncommitted edits" if code["uncommitted_changes"] else "")
    print(title)
    st, idn = res["staging"], res["identity"]
    print(
        f"generate {fmt_s(res.get('generate_s'))} s | load raw {fmt_s(res['load_s'])} s | "
        f"staging+seeds {fmt_s(st['wall_s'])} s wall, {fmt_s(st['cpu_s'])} s CPU, "
        f"{st['peak_rss_mb']:,.0f} MB | "
        f"identity {fmt_s(idn['wall_s'])} s wall ({fmt_s(idn['dbt_elapsed_s'])} s dbt-reported), "
        f"{fmt_s(idn['cpu_s'])} s CPU, peak {idn['peak_rss_mb']:,.0f} MB | "
        f"load average {idn['load_avg_before']:.1f} -> {idn['load_avg_after']:.1f}"
    )
    if idn["model_times"]:
        slow = sorted(idn["model_times"].items(), key=lambda kv: -kv[1])[:4]
        print("slowest identity models: " + ", ".join(f"{m} {s:.1f}s" for m, s in slow))
    if not idn["ok"]:
        state = "timed out" if idn["timed_out"] else f"failed (exit {idn['returncode']})"
        running = ", ".join(f"{m} (running {s:.0f}s)" for m, s in idn["running"]) or "none"
        print(f"identity layer {state}; models still running: {running}")
        return
    sp = res.get("splink")
    if sp and sp.get("ok"):
        tm = sp["timings"]
        print(
            f"splink: train {tm['train']:.1f} s, predict {tm['predict']:.1f} s, "
            f"cluster@{SPLINK_REPORTED_THRESHOLD} {sp['cluster_s'][str(SPLINK_REPORTED_THRESHOLD)]:.1f} s "
            f"= {sp['splink_s']:.1f} s compute (+ load {tm['load']:.1f} s, export {sp['export_s']:.1f} s; "
            f"end to end {sp['end_to_end_s']:.1f} s); "
            f"{sp['cpu_s']:.1f} s CPU, peak {sp['peak_rss_mb']:,.0f} MB; "
            f"{sp['predicted_pairs_above_min_threshold']:,} pairs scored "
            f">= {min(SPLINK_THRESHOLDS)}; identifier columns: {', '.join(sp['id_columns'])}"
        )
        print(
            f"ours / Splink: end to end {idn['wall_s']:.1f} / {sp['end_to_end_s']:.1f} s = "
            f"{idn['wall_s'] / sp['end_to_end_s']:.2f}x; compute {idn['dbt_elapsed_s']:.1f} / "
            f"{sp['splink_s']:.1f} s = {idn['dbt_elapsed_s'] / sp['splink_s']:.2f}x; CPU "
            f"{idn['cpu_s']:.1f} / {sp['cpu_s']:.1f} s"
        )
    elif sp:
        print(f"splink failed or timed out: {sp.get('error_tail')}")
    header = (
        "| method                 | P all  | R all  | F1 all | overmrg | split   "
        "| P link | R link | F1 link| overmrg | split   | R reach| F1 reach| R beyond|"
    )
    print(header)
    print("|" + "|".join("-" * (len(c)) for c in header.split("|")[1:-1]) + "|")
    rows = (
        ("exact-id ceiling", "exact ceiling"),
        ("ours: deterministic", "deterministic"),
        ("ours: final", "final"),
    )
    for label, key in rows:
        print(scores_row(label, res["scores"][key]))
    for key, sc in res["scores"].items():
        if key.startswith("splink@"):
            print(scores_row(key + (" (best)" if key == res.get("splink_best") else ""), sc))
    print_named(res)
    if res.get("blocking"):
        print_blocking(res["blocking"])


def _prf(sc: dict | None) -> str:
    if not sc:
        return "-"
    a = Scores(**sc["all"])
    return f"{a.precision:.4f} / {a.recall:.4f} / {a.f1:.4f}"


def print_summary(results: list[dict]) -> None:
    print("\n## Summary")
    header = (
        "| people    | mode      | records    | identity s e2e / compute | identity MB "
        "| ours P / R / F1 all      | ours F1 link | ours overmrg / split "
        f"| Splink@{SPLINK_REPORTED_THRESHOLD} P / R / F1 all | Splink best F1 all / link (thr) "
        "| Splink s e2e / compute | Splink MB |"
    )
    print(header)
    print("|" + "|".join("-" * len(c) for c in header.split("|")[1:-1]) + "|")
    for res in results:
        ev, idn = res["evaluation"], res["identity"]
        ours = res["scores"].get("final")
        sp = res["scores"].get(f"splink@{SPLINK_REPORTED_THRESHOLD}")
        best_key = res.get("splink_best")
        best = res["scores"].get(best_key) if best_key else None
        best_s = f"{best['all_f1']:.4f} / {best['linkable_f1']:.4f} ({best_key[7:]})" if best else "-"
        our_link = f"{ours['linkable_f1']:.4f}" if ours else "-"
        merged = f"{ours['all']['over_merged']:,} / {ours['all']['split']:,}" if ours else "-"
        splink = res.get("splink") or {}
        sp_mb = f"{splink['peak_rss_mb']:,.0f}" if splink.get("ok") else "-"
        identity_s = (
            f"{fmt_s(idn['wall_s'])} / {fmt_s(idn['dbt_elapsed_s'])}"
            if idn["ok"]
            else f">{idn['wall_s']:.0f} (timeout)"
        )
        splink_s = f"{fmt_s(splink.get('end_to_end_s'))} / {fmt_s(splink.get('splink_s'))}"
        print(
            f"| {res['people']:>9,} | {res.get('mode', 'default'):<9} | {ev.get('identity_records', 0):>10,} "
            f"| {identity_s:>24} | {idn['peak_rss_mb']:>11,.0f} | {_prf(ours):>24} | {our_link:>12} "
            f"| {merged:>20} | {_prf(sp):>27} | {best_s:>31} | {splink_s:>22} | {sp_mb:>9} |"
        )


# ---------------------------------------------------------------------------------------------------
# Driver
# ---------------------------------------------------------------------------------------------------


def bench_size(people: int, args: argparse.Namespace, mode: str = "default") -> dict:
    size_dir = size_dir_for(args.run_dir, people, mode)
    size_dir.mkdir(parents=True, exist_ok=True)
    res: dict = {
        "people": people,
        "mode": mode,
        "seed": args.seed,
        "size_dir": str(size_dir),
        "code": code_version(),
    }
    log = lambda msg: print(f"[{people:,} {mode}] {msg}", file=sys.stderr, flush=True)  # noqa: E731

    res["generate_s"], res["raw_rows"] = ensure_data(size_dir, people, args.seed, mode)
    log("generated" if res["generate_s"] is not None else "reusing generated data")
    generated = json.loads((size_dir / "generated.json").read_text(encoding="utf-8"))
    staged_marker = size_dir / "staged.json"
    reused = None
    if args.reuse_staging and res["generate_s"] is None and staged_marker.is_file():
        reused = json.loads(staged_marker.read_text(encoding="utf-8"))
    if reused and reused.get("generated") == generated:
        res["load_s"], res["staging"] = reused["load_s"], {**reused["staging"], "reused": True}
        log(f"reusing the staged warehouse of {reused['code']['commit']} (--reuse-staging)")
        # Untimed, as staging's own parse is on a fresh run: the identity run then only re-reads the
        # saved manifest, whatever changed in the project since this target folder was last used.
        dbt(size_dir, "parse", ["parse"], args.identity_timeout)
    else:
        staged_marker.unlink(missing_ok=True)
        res["load_s"] = fresh_load(size_dir)
        log(f"loaded raw into a fresh DuckDB file in {res['load_s']:.1f}s")
        excl = ["--exclude-resource-type", "test", "unit_test"]
        staging_args = ["build", "--select", *STAGING_SELECT, *excl]
        staging = dbt(size_dir, "staging", staging_args, args.staging_timeout)
        res["staging"] = {**asdict(staging), "ok": staging.ok}
        log(
            f"staging+seeds {staging.wall_s:.1f}s, peak {staging.peak_rss_mb:,.0f} MB, "
            f"exit {staging.returncode}"
        )
        if not staging.ok:
            raise SystemExit(f"staging failed; see {size_dir / 'logs' / 'staging.out'}")
        staged = {
            "generated": generated,
            "code": res["code"],
            "load_s": res["load_s"],
            "staging": res["staging"],
        }
        staged_marker.write_text(json.dumps(staged, default=str), encoding="utf-8")

    # --full-refresh: on a reused warehouse the stable ids are assigned from scratch, as on a fresh one.
    identity_args = ["run", "--full-refresh", "--select", *IDENTITY_SELECT]
    identity = dbt(size_dir, "identity", identity_args, args.identity_timeout)
    res["identity"] = {**asdict(identity), "ok": identity.ok}
    log(f"identity {identity.wall_s:.1f}s, peak {identity.peak_rss_mb:,.0f} MB, exit {identity.returncode}")
    res["scores"] = {}
    res["evaluation"] = {}
    if not identity.ok:
        return res

    t0 = time.perf_counter()
    con = duckdb.connect(str(size_dir / "cdp.duckdb"), read_only=True)
    try:
        res["evaluation"] = prepare_evaluation(con, size_dir)
        rules_source, rules = parse_blocking_rules(project_vars())
        res["blocking"] = {
            "source": rules_source,
            **blocking_pair_counts(con, rules),
            "fuzzy_edges": fuzzy_edges_by_rule(con),
            "profile_rules": profile_blocking_counts(con),
        }
        sources = {
            "exact ceiling": ours_source("ceiling_cluster"),
            "deterministic": ours_source("det_cluster"),
            "final": ours_source("final_cluster"),
        }
        run_sp = not args.skip_splink and people <= args.splink_max_people
        if run_sp:
            log("running Splink")
            res["splink"] = run_splink(size_dir, con, args)
            if res["splink"]["ok"]:
                for thr in SPLINK_THRESHOLDS:
                    sources[f"splink@{thr}"] = splink_source(size_dir / "splink" / f"clusters_{thr}.parquet")
        for key, source in sources.items():
            all_, link, named = (
                score(con, source),
                score(con, source, "linkable"),
                score(con, source, "named"),
            )
            res["scores"][key] = {
                "all": asdict(all_),
                "linkable": asdict(link),
                "named": asdict(named),
                "all_f1": all_.f1,
                "linkable_f1": link.f1,
                "reachable_recall": reachable_recall(con, source),
                "beyond_ids_recall": beyond_ids_recall(con, source),
            }
        splink_keys = [k for k in res["scores"] if k.startswith("splink@")]
        if splink_keys:
            res["splink_best"] = max(splink_keys, key=lambda k: res["scores"][k]["all_f1"])
    finally:
        con.close()
    res["evaluation"]["evaluate_s"] = time.perf_counter() - t0
    return res


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m cdp.bench.identity", description=__doc__.splitlines()[0])
    ap.add_argument(
        "--people", type=int, nargs="+", default=[10000], help="sizes in true people (default 10000)"
    )
    ap.add_argument("--seed", type=int, default=SEED, help=f"generator seed (default {SEED})")
    ap.add_argument(
        "--mode",
        nargs="+",
        choices=MODES,
        default=list(MODES),
        help="generator modes to run each size in (default: default corrupted)",
    )
    ap.add_argument(
        "--run-dir",
        type=Path,
        default=Path(tempfile.gettempdir()) / "cdp-bench-identity",
        help="working folder; a size's generated data is reused from here ($TMPDIR/cdp-bench-identity)",
    )
    ap.add_argument("--skip-splink", action="store_true", help="do not run Splink at any size")
    ap.add_argument(
        "--reuse-staging",
        action="store_true",
        help="keep the warehouse staged by an earlier run on the same generated data (skips load and "
        "staging; staging figures are the earlier run's; only for iterating on the identity layer)",
    )
    ap.add_argument(
        "--splink-max-people", type=int, default=100_000, help="run Splink up to this size (100000)"
    )
    ap.add_argument(
        "--identity-timeout", type=float, default=900, help="seconds for the identity layer (900)"
    )
    ap.add_argument("--staging-timeout", type=float, default=7200, help="seconds for seeds + staging (7200)")
    ap.add_argument("--splink-timeout", type=float, default=3600, help="seconds for Splink (3600)")
    ap.add_argument(
        "--splink-memory-limit",
        help="run Splink on a DuckDB file (SIZE_DIR/splink/splink.duckdb) with this memory limit, e.g. "
        "12GB, spilling to SIZE_DIR/splink/spill (default: in memory, DuckDB's own limit, 80%% of the RAM)",
    )
    ap.add_argument("--splink-prior-recall", type=float, default=0.6, help=argparse.SUPPRESS)
    ap.add_argument("--splink-u-max-pairs", type=float, default=1e7, help=argparse.SUPPRESS)
    ap.add_argument("--splink-worker", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--json", type=Path, help="also write all results to this JSON file")
    return ap


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.splink_worker:
        return splink_worker(args.splink_worker)
    args.run_dir.mkdir(parents=True, exist_ok=True)
    print(f"run dir {args.run_dir}; machine: {os.cpu_count()} cores", file=sys.stderr)
    results = []
    for people in args.people:
        for mode in args.mode:
            res = bench_size(people, args, mode)
            results.append(res)
            print_size_report(res)
            sys.stdout.flush()
            json_path = args.json or args.run_dir / "results.json"
            json_path.write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")
    print_summary(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
