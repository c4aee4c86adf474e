"""A throw-away PostgreSQL cluster for the engine tests: initdb in a temporary folder, a free TCP port on
127.0.0.1, the unix socket inside the folder, `pg_ctl stop -m fast` when done.

initdb and postgres refuse to run as root: under root the cluster runs as an unprivileged account
(CDP_PG_TEST_USER, default `nobody`) that owns the temporary folder; the child processes switch to it
with subprocess's user/group arguments, so neither sudo nor runuser is needed. Binaries are found in
CDP_PG_BINDIR, else the newest /usr/lib/postgresql/<version>/bin, else on PATH.

Run as a script to keep a cluster up for manual experiments:
    python -m tests.engines.postgres_cluster   (prints the CDP_PG_* settings; Ctrl-C or kill stops it)
"""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

# Byte order for text (as DuckDB compares strings) and Unicode-aware case mapping (lower/upper/initcap).
LC_COLLATE = "C"
LC_CTYPE = "C.UTF-8"


def find_bindir() -> Path | None:
    """Folder holding initdb, pg_ctl and postgres, or None when PostgreSQL is not installed."""
    configured = os.environ.get("CDP_PG_BINDIR")
    if configured:
        return Path(configured)
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"),
        key=lambda path: int(path.parent.name) if path.parent.name.isdigit() else 0,
        reverse=True,
    )
    for bindir in versions:
        if (bindir / "initdb").is_file():
            return bindir
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class PostgresCluster:
    """One running cluster; `env()` gives the CDP_PG_* settings that profiles.yml reads."""

    bindir: Path
    base: Path
    port: int
    user: str = "postgres"
    _run_as: dict = field(default_factory=dict)

    @property
    def data_dir(self) -> Path:
        return self.base / "data"

    @property
    def socket_dir(self) -> Path:
        return self.base / "socket"

    @classmethod
    def start(cls, bindir: Path | None = None) -> PostgresCluster:
        bindir = bindir or find_bindir()
        if bindir is None or not (bindir / "initdb").is_file():
            raise FileNotFoundError(
                "PostgreSQL binaries not found: set CDP_PG_BINDIR to the folder of initdb"
            )
        base = Path(tempfile.mkdtemp(prefix="cdp_pg_"))
        run_as: dict = {}
        if os.geteuid() == 0:
            account = pwd.getpwnam(os.environ.get("CDP_PG_TEST_USER", "nobody"))
            run_as = {"user": account.pw_uid, "group": account.pw_gid, "extra_groups": []}
            os.chown(base, account.pw_uid, account.pw_gid)
        cluster = cls(bindir=bindir, base=base, port=free_port(), _run_as=run_as)
        try:
            cluster._initdb()
            cluster._pg_ctl(
                "start", "-w", "-t", "60", "-l", str(base / "server.log"), "-o", cluster._options()
            )
        except BaseException:
            cluster.stop()
            raise
        return cluster

    def _as_cluster_user(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        completed = subprocess.run(
            list(args),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            cwd=self.base,
            env={**os.environ, "LC_ALL": LC_CTYPE},
            **self._run_as,
        )
        if check and completed.returncode != 0:
            log = self.base / "server.log"
            tail = log.read_text(errors="replace")[-3000:] if log.is_file() else ""
            output = completed.stdout + completed.stderr
            raise RuntimeError(f"{' '.join(args)} failed ({completed.returncode}):\n{output}{tail}")
        return completed

    def _initdb(self) -> None:
        for folder in (self.data_dir, self.socket_dir):
            folder.mkdir()
            if self._run_as:
                os.chown(folder, self._run_as["user"], self._run_as["group"])
        self._as_cluster_user(
            str(self.bindir / "initdb"),
            "-D",
            str(self.data_dir),
            "-U",
            self.user,
            "--auth=trust",
            "--encoding=UTF8",
            f"--lc-collate={LC_COLLATE}",
            f"--lc-ctype={LC_CTYPE}",
            "--no-sync",
        )

    def _options(self) -> str:
        # Small and fast: no durability (a test cluster), modest memory on a shared machine.
        return " ".join(
            [
                f"-p {self.port}",
                "-c listen_addresses=127.0.0.1",
                f"-c unix_socket_directories={self.socket_dir}",
                "-c fsync=off",
                "-c synchronous_commit=off",
                "-c full_page_writes=off",
                "-c shared_buffers=128MB",
                "-c work_mem=32MB",
                "-c max_parallel_workers_per_gather=0",
                "-c timezone=UTC",
            ]
        )

    def _pg_ctl(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return self._as_cluster_user(
            str(self.bindir / "pg_ctl"), "-D", str(self.data_dir), *args, check=check
        )

    def create_database(self, name: str, template: str = "template0") -> None:
        """A new database: empty, or a copy of database `template` (which nobody may be connected to)."""
        import psycopg2

        con = psycopg2.connect(**self.connect_kwargs("postgres"))
        try:
            con.autocommit = True
            with con.cursor() as cursor:
                cursor.execute(f'create database "{name}" template "{template}"')
        finally:
            con.close()

    def connect_kwargs(self, database: str) -> dict:
        return {"host": "127.0.0.1", "port": self.port, "user": self.user, "dbname": database}

    def env(self, database: str, schema: str = "public") -> dict[str, str]:
        return {
            "CDP_PG_HOST": "127.0.0.1",
            "CDP_PG_PORT": str(self.port),
            "CDP_PG_USER": self.user,
            "CDP_PG_PASSWORD": "",
            "CDP_PG_DATABASE": database,
            "CDP_PG_SCHEMA": schema,
        }

    def stop(self) -> None:
        if (self.data_dir / "postmaster.pid").is_file():
            self._pg_ctl("stop", "-m", "fast", "-w", "-t", "60", check=False)
        shutil.rmtree(self.base, ignore_errors=True)


if __name__ == "__main__":
    # Stop the cluster on Ctrl-C and on `kill` (a background job ignores SIGINT).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    cluster = PostgresCluster.start()
    try:
        cluster.create_database("cdp")
        print(" ".join(f"{k}={v}" for k, v in cluster.env("cdp").items()), flush=True)
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        cluster.stop()
