"""The project's named exceptions.

    AssistantError            base: carries a one-line message and a hint for the user
    ├── ConfigError           a setting (or an installed package's data) is invalid
    ├── InvalidQuestionError  empty or oversized question
    ├── IndexNotFoundError    nothing ingested yet
    ├── IndexMismatchError    the index was built by another embedder
    ├── StoreUnreachableError the Chroma server does not answer (the index is intact: no rebuild)
    ├── IndexLockedError      another process holds the index's catalogue locked (intact: no rebuild)
    ├── IngestError           an ingest could not complete (the previous index is untouched)
    │   └── DiskFullError     the disk filled up while the new generation was written
    ├── ArticleFormatError    one input file cannot be read as articles (it is skipped)
    ├── ModelError            the chat model failed (unreachable, timeout, auth, rate limit, bad reply)
    └── EvaluationBusyError   a reference evaluation is already running (the app runs one at a time)

The CLI and the Streamlit app turn these into one line; anything else is a bug.
"""

from __future__ import annotations


class AssistantError(Exception):
    """Base error: `str(err)` is the one-line message shown to the user."""

    hint: str = ""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        if hint is not None:
            self.hint = hint

    def user_message(self) -> str:
        text = str(self)
        return f"{text} {self.hint}".strip() if self.hint else text


class ConfigError(AssistantError):
    pass


class InvalidQuestionError(AssistantError):
    pass


class IndexNotFoundError(AssistantError):
    hint = "Run `assistant ingest` first."


class IndexMismatchError(AssistantError):
    hint = "Run `assistant ingest --rebuild` to re-embed the articles."


class IngestError(AssistantError):
    pass


class DiskFullError(IngestError):
    """ENOSPC (or Chroma/SQLite's "disk is full") while a generation was written: the half-built
    generation is discarded, the manifest still points at the previous one."""

    hint = "Free some disk space and run `assistant ingest` again."

    def __init__(self, message: str = "no space left on device while writing the index; "
                                      "the previous index is still in use", hint: str | None = None) -> None:
        super().__init__(message, hint)


class ArticleFormatError(AssistantError):
    pass


class ModelError(AssistantError):
    pass


class StoreUnreachableError(AssistantError):
    """The Chroma server cannot be reached. Distinct from IndexNotFoundError on purpose: the
    index may be perfectly intact, so the remedy is to start the server, never to rebuild."""

    hint = ("Start it with its data folder (`chroma run --path DIR --host HOST --port PORT`) and try again; "
            "the index is intact, do not rebuild it.")


class IndexLockedError(AssistantError):
    """Another process holds Chroma's SQLite catalogue under an exclusive lock (a running ingest,
    or a stuck process). The index is intact, so the remedy is to wait or stop that process."""

    hint = ("Wait for the running `assistant ingest` to finish (or stop the other process that holds the "
            "index open), then try again; the index is intact, do not rebuild it.")


def is_connection_failure(err: BaseException) -> bool:
    """True when `err` (or what caused it) is a network failure talking to a server, as raised
    by httpx or chromadb's client, rather than a bug or a missing collection."""
    import httpx

    seen: set[int] = set()
    current: BaseException | None = err
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, AssistantError):
            return False  # already translated into its own message
        if isinstance(current, (httpx.TransportError, ConnectionError)) or any(
                cls.__name__ == "TransportError" for cls in type(current).__mro__):  # also vendored httpx copies
            return True
        if isinstance(current, ValueError) and "Could not connect to a Chroma server" in str(current):
            return True
        current = current.__cause__ or (None if current.__suppress_context__ else current.__context__)
    return False


def unreachable_store(host: str | None, port: int) -> StoreUnreachableError:
    """The one-line error for a Chroma server that does not answer."""
    return StoreUnreachableError(f"The Chroma server at {host}:{port} is unreachable.")


class EvaluationBusyError(AssistantError):
    """A reference evaluation is already running (one at a time: they share the CPU and the reports folder)."""

    hint = "Wait for it to finish; its report appears on the Evaluation page."
