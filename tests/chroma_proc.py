"""Start and stop a real `chroma run` server that a test owns (so it can kill and restart it)."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest


class ChromaProcess:
    """One `chroma run` on 127.0.0.1 with a fixed data folder and port, restartable."""

    def __init__(self, data: Path, port: int) -> None:
        self.data = data
        self.port = port
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float = 60) -> "ChromaProcess":
        binary = Path(sys.executable).parent / "chroma"
        if not binary.exists():
            pytest.skip("the `chroma` command is not installed in this environment")
        log = open(self.data.parent / f"chroma-{self.port}.log", "a")
        self.proc = subprocess.Popen([str(binary), "run", "--path", str(self.data), "--host", "127.0.0.1",
                                      "--port", str(self.port)], stdout=log, stderr=subprocess.STDOUT)
        log.close()
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return self
            except OSError:
                if self.proc.poll() is not None:
                    pytest.fail(f"chroma run exited with {self.proc.returncode}")
                time.sleep(0.2)
        self.stop()
        pytest.fail("chroma run did not start in time")

    def stop(self) -> None:
        """Kill the server outright, as a crash would."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)
        self.proc = None
