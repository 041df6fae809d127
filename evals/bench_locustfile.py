"""The simulated users of `evals/bench_load.py` (run by locust, not imported by the project):
each asks one question after another over `POST /ask`, with no think time, so throughput is
what the server sustains. The questions come from the JSON list at `$BENCH_LOAD_QUESTIONS`,
starting at `$BENCH_LOAD_OFFSET`: distinct questions, so no query cache hides the embedding."""

from __future__ import annotations

import itertools
import json
import os

from locust import HttpUser, constant, task

QUESTIONS: list[str] = json.loads(open(os.environ["BENCH_LOAD_QUESTIONS"], encoding="utf-8").read())
_turn = itertools.count(int(os.environ.get("BENCH_LOAD_OFFSET", "0")))


class Asker(HttpUser):
    wait_time = constant(0)

    @task
    def ask(self) -> None:
        question = QUESTIONS[next(_turn) % len(QUESTIONS)]
        with self.client.post("/ask", json={"question": question}, name="/ask", catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}: {response.text[:200]}")
