"""`make llm` and the real-model suite accept a local server only once the model has written a
completion of its own (`local_llm.start_and_probe`), and refuse a llama.cpp compiled for one CPU
(`cpu_specific_features`). The failure modes run against `tests/probe_server.py`, a real process
that dies the way a wrongly compiled llama.cpp did."""

from __future__ import annotations

import sys

import pytest

from assistant.answer.local_llm import LocalModelError, cpu_specific_features, start_and_probe

from .conftest import ROOT, free_port


def probe_server(mode: str) -> tuple[list[str], int]:
    port = free_port()
    return [sys.executable, "-m", "tests.probe_server", str(port), mode], port


def test_a_server_that_dies_on_its_first_completion_is_not_ready(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    command, port = probe_server("crash")
    with pytest.raises(LocalModelError, match=r"failed its first completion.*the server died \(killed by SIGSEGV\)"):
        start_and_probe(command, port, "probe", startup_s=30, quiet=True)


def test_a_server_that_writes_nothing_is_not_ready(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    command, port = probe_server("empty")
    with pytest.raises(LocalModelError, match="first completion was empty"):
        start_and_probe(command, port, "probe", startup_s=30, quiet=True)


def test_a_server_that_answers_is_ready(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    command, port = probe_server("ok")
    proc, text = start_and_probe(command, port, "probe", startup_s=30, quiet=True)
    try:
        assert text == "Hello there!" and proc.poll() is None
    finally:
        proc.kill()
        proc.wait(timeout=10)


def test_a_server_that_exits_while_starting_is_reported() -> None:
    port = free_port()
    with pytest.raises(LocalModelError, match=r"exited while starting \(exit code 3\)"):
        start_and_probe([sys.executable, "-c", "raise SystemExit(3)"], port, "probe", startup_s=30, quiet=True)


def test_cpu_specific_builds_are_recognised() -> None:
    native = ("CPU : SSE3 = 1 | SSSE3 = 1 | AVX = 1 | AVX2 = 1 | F16C = 1 | FMA = 1 | BMI2 = 1 | AVX512 = 1 | "
              "AVX512_VBMI = 1 | AVX512_VNNI = 1 | AVX512_BF16 = 1 | AMX_INT8 = 1 | LLAMAFILE = 1 | OPENMP = 1 |")
    portable = "CPU : SSE3 = 1 | SSSE3 = 1 | AVX = 1 | AVX2 = 1 | F16C = 1 | FMA = 1 | BMI2 = 1 | LLAMAFILE = 1 |"
    assert cpu_specific_features(native) == ["AMX_INT8", "AVX512", "AVX512_BF16", "AVX512_VBMI", "AVX512_VNNI"]
    assert cpu_specific_features(portable) == []
    assert cpu_specific_features("AVX512 = 0 | AVX2 = 1") == []
