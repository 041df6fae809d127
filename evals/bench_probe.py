"""Fresh-process probes for evals/bench.py (run as `python -m evals.bench_probe ...`).

`load INDEX QUESTION`: seconds to open the index (snapshot, bridge index) and resident memory
before, after loading and after one answer, as one JSON line. `concurrency INDEX LEVELS N`:
concurrent askers through one AnswerService (evals.bench.run_concurrency), as one JSON line.
A fresh process each, so no other corpus size's data is resident and `ASSISTANT_EMBED_ENGINES`
(which fixes OpenMP's thread count) takes effect.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from assistant.answer.chain import AnswerService
from assistant.core.settings import Settings

from .bench import _rss_mb, run_concurrency


def main(argv: list[str]) -> int:
    command, settings = argv[0], Settings(index_dir=Path(argv[1]))
    if command == "load":
        service = AnswerService(settings)
        before = _rss_mb()
        started = time.perf_counter()
        snapshot = service.store.current()
        snapshot.bridge()
        load_s = time.perf_counter() - started
        after_load = _rss_mb()
        service.ask(argv[2])
        print(json.dumps({"load_s": round(load_s, 3), "rss_before_load_mb": round(before, 1),
                          "rss_after_load_mb": round(after_load, 1), "rss_after_ask_mb": round(_rss_mb(), 1)}))
        return 0
    if command == "concurrency":
        service = AnswerService(settings)
        rows = run_concurrency(service, [int(n) for n in argv[2].split(",")], int(argv[3]))
        print(json.dumps(rows))
        return 0
    print(f"unknown probe {command!r}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
