"""Untrusted text on a terminal: article text, titles, file names and model output may carry
escape sequences (clear the screen, retitle the window, fake a prompt). `terminal_safe` strips
them and every control character but newline and tab; `TerminalFilter` does the same for text
that arrives in pieces; `json_line` makes a JSON line inert too (C1 controls escaped)."""

from __future__ import annotations

import json
import re
from typing import Any

from .sanitize import BIDI_CONTROLS, strip_bidi

# ESC/CSI sequences: CSI (ESC [ or 8-bit 0x9b) params+final; OSC/DCS/SOS/PM/APC strings up to
# BEL or ST (ESC \\ or 0x9c), or, unterminated, to the first space (a terminal would hide the
# rest of the text in it; stripped to the end, an article's stray "ESC ]8;;url" took the rest of
# the answer and its sources with it); any other ESC sequence with its intermediate bytes (ESC # 8).
# A string stops at the next opener, so text of many unterminated ones is read once, not once each.
_OPENERS = r"\x90\x98\x9d\x9e\x9f"
"""8-bit openers of a string sequence (DCS, SOS, OSC, PM, APC): ESC ] P X ^ _ in 7 bits."""
_STRING_OPENER = re.compile(rf"\x1b[\]PX^_]|[{_OPENERS}]")
_STRING_END = re.compile(r"\x07|\x1b\\|\x9c")
_STOPS = rf"\x07\x1b\x9c{_OPENERS}"
"""What ends a string's text: its end (BEL, the ESC of ST, ST) or another string's opener."""
_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    rf"|(?:{_STRING_OPENER.pattern})(?:[^{_STOPS}]*(?:{_STRING_END.pattern})|[^{_STOPS}\s]*)"
    r"|\x1b[ -/]*[0-~]?")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
"""A lone surrogate: an undecodable byte read from stdin (0x9b, the 8-bit CSI) stays one, and
would be written back to the terminal as that byte. It is shown as U+FFFD."""
_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\u2028\u2029]|" + BIDI_CONTROLS.pattern)
"""C1 controls, line separators and bidi controls (`sanitize.BIDI_CONTROLS`): escaped in JSON."""


_UNSAFE = re.compile(_CONTROL.pattern + "|" + _SURROGATE.pattern + "|" + BIDI_CONTROLS.pattern)
"""Any character `terminal_safe` would take out (every escape sequence opens with one)."""


def terminal_safe(text: str) -> str:
    """`text` without escape sequences or control characters (newline and tab kept): what an
    untrusted string may show on a terminal. Bidi controls go too: they reorder what is shown.
    Text with none of them is returned as it is, after one scan (a streamed answer is cleaned
    whole at every piece)."""
    if not _UNSAFE.search(text):
        return text
    return _CONTROL.sub("", strip_bidi(_SEQUENCE.sub("", _SURROGATE.sub("\ufffd", text))))


def one_line(text: str) -> str:
    """`terminal_safe` with line breaks and tabs as spaces: a field of a one-row-per-item listing
    (a title or file name with a newline in it must not start a row of its own)."""
    return re.sub(r"[\r\n\t\v\f\u0085\u2028\u2029]+", " ", terminal_safe(text))


class TerminalFilter:
    """`terminal_safe` for text that arrives in pieces: an escape sequence split across pieces
    is held back until it is complete (or the stream ends), so it is stripped whole."""

    HOLD = 512  # longest unterminated sequence held back before it is dropped anyway

    def __init__(self) -> None:
        self.pending = ""

    def feed(self, piece: str) -> str:
        text = self.pending + piece
        start = _incomplete_start(text)
        if start >= 0 and len(text) - start < self.HOLD:
            text, self.pending = text[:start], text[start:]
        else:
            self.pending = ""
        return terminal_safe(text)

    def flush(self) -> str:
        text, self.pending = self.pending, ""
        return terminal_safe(text)


_OPEN_TAIL = re.compile(r"(?:\x1b\[|\x9b)[0-?]*[ -/]*$|\x1b$")


def _incomplete_start(text: str) -> int:
    """Where an escape sequence that the next piece may complete begins (-1 if none): a string
    sequence (OSC, DCS…) with no terminator yet, or a CSI / lone ESC cut at the end."""
    for opener in _STRING_OPENER.finditer(text):
        if not _STRING_END.search(text, opener.end()):
            return opener.start()
    tail = _OPEN_TAIL.search(text)
    return tail.start() if tail else -1


def json_line(data: Any) -> str:
    """One JSON object on one line. json.dumps escapes C0 controls; C1 controls and DEL (0x80-0x9f
    is an 8-bit CSI to many terminals), U+2028/9 and bidi controls (a title would display reversed)
    are escaped here too; the JSON means the same."""
    line = json.dumps(data, ensure_ascii=False)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", line)
