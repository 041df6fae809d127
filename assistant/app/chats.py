"""Conversations kept across reloads: one SQLite file beside the index, rows keyed by a browser's
profile id.

The app has no accounts. Each browser gets a random profile id (kept in a cookie); every read and
write here is scoped to it, so a chat is never listed or opened from another browser, even one
given the chat's id (a shared URL). Messages are the app's own JSON dicts, stored whole.
"""

from __future__ import annotations

import json
import re
import secrets
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PROFILE = re.compile(r"^[0-9a-f]{32}$")
CHAT_ID = re.compile(r"^[0-9a-f]{16}$")
TITLE_CHARS = 80

_SCHEMA = """
CREATE TABLE IF NOT EXISTS chats (
    profile TEXT NOT NULL,
    id TEXT NOT NULL,
    title TEXT NOT NULL,
    messages TEXT NOT NULL,
    created REAL NOT NULL,
    updated REAL NOT NULL,
    PRIMARY KEY (profile, id)
)
"""


def new_profile_id() -> str:
    """A fresh, unguessable id for a browser (128 random bits)."""
    return secrets.token_hex(16)


def new_chat_id() -> str:
    return secrets.token_hex(8)


def valid_profile(value: object) -> str | None:
    """The profile id if `value` is one (a cookie or URL can carry anything), else None."""
    return value if isinstance(value, str) and PROFILE.match(value) else None


def valid_chat_id(value: object) -> str | None:
    return value if isinstance(value, str) and CHAT_ID.match(value) else None


def chat_title(question: str) -> str:
    """A chat's default title: its first question, on one line, cut at a word."""
    line = " ".join(question.split())
    if len(line) <= TITLE_CHARS:
        return line
    return line[:TITLE_CHARS].rsplit(" ", 1)[0] + "…"


@dataclass(frozen=True)
class ChatSummary:
    id: str
    title: str
    updated: float


class ChatStore:
    """Chats of each profile in one SQLite file (created on first write)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=10)
        try:
            conn.execute(_SCHEMA)
            with conn:
                yield conn
        finally:
            conn.close()

    def chats(self, profile: str) -> list[ChatSummary]:
        """The profile's chats, the latest first."""
        with self._db() as db:
            rows = db.execute("SELECT id, title, updated FROM chats WHERE profile = ? ORDER BY updated DESC",
                              (profile,)).fetchall()
        return [ChatSummary(*row) for row in rows]

    def load(self, profile: str, chat_id: str) -> list[dict[str, Any]] | None:
        """The chat's messages, or None when this profile has no such chat."""
        with self._db() as db:
            row = db.execute("SELECT messages FROM chats WHERE profile = ? AND id = ?", (profile, chat_id)).fetchone()
        if row is None:
            return None
        messages = json.loads(row[0])
        return messages if isinstance(messages, list) else None

    def save(self, profile: str, chat_id: str, messages: list[dict[str, Any]], title: str | None = None) -> None:
        """Create or update a chat; a new chat's title is its first question unless given."""
        now = time.time()
        data = json.dumps(messages, ensure_ascii=False, default=str)
        if title is None:
            first = next((m["content"] for m in messages if m.get("role") == "user"), "New chat")
            title = chat_title(str(first))
        with self._db() as db:
            db.execute("INSERT INTO chats (profile, id, title, messages, created, updated) VALUES (?, ?, ?, ?, ?, ?) "
                       "ON CONFLICT (profile, id) DO UPDATE SET messages = excluded.messages, "
                       "updated = excluded.updated", (profile, chat_id, title, data, now, now))

    def rename(self, profile: str, chat_id: str, title: str) -> bool:
        title = chat_title(title) if title.strip() else ""
        if not title:
            return False
        with self._db() as db:
            changed = db.execute("UPDATE chats SET title = ? WHERE profile = ? AND id = ?",
                                 (title, profile, chat_id)).rowcount
        return changed == 1

    def delete(self, profile: str, chat_id: str) -> bool:
        with self._db() as db:
            return db.execute("DELETE FROM chats WHERE profile = ? AND id = ?", (profile, chat_id)).rowcount == 1
