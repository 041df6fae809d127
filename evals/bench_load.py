"""`make bench`'s load test: `assistant serve` under locust (headless, bounded, loopback only).

Throughput and p50/p95 of `POST /ask` at 1, 2, 4 and 8 concurrent users against 1 and 2 worker
processes, over the scale benchmark's 10k-passage index (evals/bench_corpus.py; cached under
evals/.cache/bench by `python -m evals bench`, built here when missing). The users ask distinct
XQuAD questions (en and ru, alternating) back to back with no think time
(evals/bench_locustfile.py), so throughput is what the server sustains. Every figure is also a
ratio measured in the same run: throughput over one worker serving one user, p95 over the
single-user p50 of the same worker count. locust runs on the same machine as the server and
takes a share of its CPU, so on a small machine the ratios understate what a second worker gains
for clients elsewhere. Output: a table on the terminal and evals/reports/load-<stamp>.json|.md.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from . import bench_corpus as corpus
from .report import git_commit, markdown_table, write_report

LOCUSTFILE = Path(__file__).resolve().parent / "bench_locustfile.py"
TARGETS = {"two_workers_over_one": 1.7, "p95_8_users_over_p50_1_user": 4.0}
"""From issue 25: 2 workers >= 1.7x the throughput of 1 (at 8 users), and p95 with 8 users
<= 4x the single-user p50."""
COLUMNS = ["workers", "users", "requests", "failures", "throughput_rps", "throughput_x", "p50_ms", "p95_ms",
           "p95_over_p50_1_user", "load_avg_1min"]


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serve(index_dir: Path, workers: int, log_path: Path) -> Iterator[str]:
    """`assistant serve --workers N` on a free 127.0.0.1 port, without a rate limit; yields the URL
    once every worker has answered /health (each has loaded the index and the embedder)."""
    port = _free_port()
    env = {**os.environ, "ASSISTANT_INDEX_DIR": str(index_dir), "ASSISTANT_API_RATE": "0",
           "ANONYMIZED_TELEMETRY": "False"}
    env.pop("ASSISTANT_API_TOKEN", None)
    with open(log_path, "a") as log:
        proc = subprocess.Popen([sys.executable, "-m", "assistant", "serve", "--port", str(port), "--workers",
                                 str(workers), "--log-level", "warning"], env=env, stdout=log,
                                stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        ready: set[int] = set()
        deadline = time.time() + 180
        while len(ready) < workers:
            if proc.poll() is not None or time.time() > deadline:
                raise RuntimeError(f"assistant serve did not start (see {log_path})")
            try:
                response = httpx.get(f"{url}/health", timeout=5)
                if response.status_code == 200:
                    ready.add(int(response.json()["pid"]))
                    continue
            except httpx.TransportError:
                pass
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()


def locust_level(url: str, users: int, seconds: int, questions: Path, offset: int, work: Path) -> dict[str, Any]:
    """One bounded locust run (`users` users, all started at once, for `seconds`); the aggregate row."""
    prefix = work / f"locust-{users}-{offset}"
    env = {**os.environ, "BENCH_LOAD_QUESTIONS": str(questions), "BENCH_LOAD_OFFSET": str(offset)}
    done = subprocess.run([sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless", "--users",
                           str(users), "--spawn-rate", str(users), "--run-time", f"{seconds}s", "--stop-timeout",
                           "30", "--host", url, "--csv", str(prefix), "--only-summary", "--loglevel", "WARNING"],
                          env=env, check=False, timeout=seconds + 120, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)
    if not Path(f"{prefix}_stats.csv").exists():  # locust missing or failed: say so, not a missing CSV
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise SystemExit(f"bench-load: locust wrote no statistics (exit {done.returncode}: {last}); "
                         "install the bench extra with `make bench` or `pip install -e '.[bench]'`.")
    with open(f"{prefix}_stats.csv", encoding="utf-8") as handle:
        row = next(r for r in csv.DictReader(handle) if r["Name"] == "Aggregated")
    return {"users": users, "requests": int(row["Request Count"]), "failures": int(row["Failure Count"]),
            "throughput_rps": round(float(row["Requests/s"]), 2), "p50_ms": float(row["50%"]),
            "p95_ms": float(row["95%"])}


def question_file(work: Path) -> Path:
    """Distinct XQuAD questions, English and Russian alternating."""
    english, russian = corpus.questions("en", 1190), corpus.questions("ru", 1190)
    mixed = [q for pair in zip(english, russian, strict=False) for q in pair]
    path = work / "questions.json"
    path.write_text(json.dumps(mixed, ensure_ascii=False), encoding="utf-8")
    return path


def bench_index(size: int) -> Path:
    """The scale benchmark's index of `size` passages (built and cached when missing)."""
    from assistant.core.settings import Settings
    from assistant.index.embeddings import get_embedder

    from .bench import build_index

    embedder = get_embedder(Settings())
    print(f"bench-load: the {size}-passage index (cached after the first build) ...", file=sys.stderr)
    index_dir, _ = build_index(size, corpus.sentence_pool(embedder, cache=corpus.CACHE), embedder, corpus.CACHE)
    return index_dir


def measure(index_dir: Path, workers: tuple[int, ...], users: tuple[int, ...], seconds: int,
            work: Path) -> list[dict[str, Any]]:
    questions = question_file(work)
    rows: list[dict[str, Any]] = []
    offset = 0
    for count in workers:
        with serve(index_dir, count, work / "serve.log") as url:
            for level in users:
                print(f"bench-load: {count} worker(s), {level} user(s), {seconds} s ...", file=sys.stderr)
                row = {"workers": count, **locust_level(url, level, seconds, questions, offset, work),
                       "load_avg_1min": round(os.getloadavg()[0], 1)}  # how busy the machine was meanwhile
                offset += row["requests"] + level  # the next level asks questions not asked yet
                rows.append(row)
    return rows


def with_ratios(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Throughput over one worker with one user; p95 over the single-user p50 of the same workers."""
    base = next(r for r in rows if r["workers"] == min(x["workers"] for x in rows) and r["users"] == 1)
    single = {r["workers"]: r["p50_ms"] for r in rows if r["users"] == 1}
    for row in rows:
        row["throughput_x"] = round(row["throughput_rps"] / base["throughput_rps"], 2)
        row["p95_over_p50_1_user"] = round(row["p95_ms"] / single[row["workers"]], 2)
    return rows


def targets(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    def at(workers: int, users: int) -> dict[str, Any] | None:
        return next((r for r in rows if r["workers"] == workers and r["users"] == users), None)

    found = []
    one, two = at(1, 8), at(2, 8)
    if one and two:
        value = round(two["throughput_rps"] / one["throughput_rps"], 2)
        found.append({"target": "2 workers / 1 worker, throughput at 8 users", "value": value,
                      "limit": f">= {TARGETS['two_workers_over_one']}",
                      "met": value >= TARGETS["two_workers_over_one"]})
    for workers in sorted({r["workers"] for r in rows}):
        row = at(workers, 8)
        if row:
            value = row["p95_over_p50_1_user"]
            found.append({"target": f"{workers} worker(s): p95 at 8 users / p50 at 1 user", "value": value,
                          "limit": f"<= {TARGETS['p95_8_users_over_p50_1_user']}",
                          "met": value <= TARGETS["p95_8_users_over_p50_1_user"]})
    return found


def markdown(data: dict[str, Any]) -> str:
    return "\n".join(["# Load test (locust against `assistant serve`)", "",
                      "Config: " + ", ".join(f"{k}={v}" for k, v in data["config"].items()), "",
                      "`throughput_x`: over 1 worker with 1 user; `p95_over_p50_1_user`: over the single-user p50 "
                      "of the same worker count. locust shares the machine with the server; `load_avg_1min` "
                      "(the machine's, after each level) above the core count means other work competed.", "",
                      markdown_table(data["rows"], COLUMNS), "", "## Targets", "",
                      markdown_table(data["targets"], ["target", "value", "limit", "met"])]) + "\n"


def run(size: int = 10_000, workers: tuple[int, ...] = (1, 2), users: tuple[int, ...] = (1, 2, 4, 8),
        seconds: int = 15, index_dir: Path | None = None, reports_dir: Path | None = None) -> dict[str, Any]:
    index_dir = index_dir or bench_index(size)
    corpus.CACHE.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="load-", dir=corpus.CACHE) as scratch:
        rows = with_ratios(measure(index_dir, workers, users, seconds, Path(scratch)))
    passages = json.loads((index_dir / "bench-built.json").read_text())["passages"] \
        if (index_dir / "bench-built.json").exists() else None
    config = {"passages": passages, "index": index_dir.name, "seconds_per_level": seconds, "cpus": os.cpu_count(),
              "git_commit": git_commit()}
    data: dict[str, Any] = {"kind": "load", "config": config, "rows": rows, "targets": targets(rows)}
    md = markdown(data)
    json_path, md_path = write_report("load", data, md, reports_dir)
    print(md)
    print(f"reports: {json_path} {md_path}", file=sys.stderr)
    return data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.bench_load",
                                     description="locust against `assistant serve`: throughput, p50/p95")
    parser.add_argument("--size", type=int, default=10_000, help="passages in the benchmark index (default 10000)")
    parser.add_argument("--index", type=Path, help="an existing index folder instead of the benchmark's")
    parser.add_argument("--seconds", type=int, default=15, help="seconds per load level (default 15)")
    parser.add_argument("--workers", default="1,2", help="worker counts (default 1,2)")
    parser.add_argument("--users", default="1,2,4,8", help="concurrent users per level (default 1,2,4,8)")
    args = parser.parse_args(argv)
    run(args.size, tuple(int(w) for w in args.workers.split(",")), tuple(int(u) for u in args.users.split(",")),
        args.seconds, args.index)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
