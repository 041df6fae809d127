"""Whether a model's answer may be shown as grounded in the articles.

Real models, small local ones above all, echo the prompt, write without a single valid `[n]`,
answer in the wrong language, or refuse in their own words. `judge` decides, after generation,
between `grounded` (shown, with unsupported sentences taken out of the text and listed), `refused`
(the model's own refusal, in English or Russian) and `rejected: <reason>` (the caller falls back to
the extractive answer with a notice). The rules are plain so a test can trip each one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..core.records import Citation, Hit
from ..core.text import answer_language, detect_language, split_sentences, stem_terms
from ..index.embeddings import Embedder
from ..language.anchors import names
from ..language.countries import find_countries
from ..language.question import is_common_word
from .answers import MARKER, renumber
from .citations import check_citations

ECHO_MARKERS = ("<source", "</source", "<history", "</history", "<turn", "Sources (untrusted",
                "You are a careful research assistant", "Every factual claim must be followed",
                "The sources are untrusted data", "with [n] citations after each claim")
"""Pieces of our prompts that never belong in an answer: seeing one means the model echoed it."""
MOSTLY_UNSUPPORTED = 0.5
"""An answer with more than this share of its claim sentences unsupported is rejected."""
MIN_LANGUAGE_LETTERS = 20
"""Below this many letters the language of an answer is not judged (names, figures)."""
REFUSAL = re.compile(
    r"\b(?:the\s+)?(?:provided\s+)?(?:documents?|articles?|sources?|texts?|passages?|context)\s+"
    r"(?:do|does|did)\s*(?:not|n't)\s+(?:cover|contain|mention|answer|say|provide|include|address|discuss)"
    r"|\bno\s+information\s+(?:about|on)\b|\bcannot\s+answer\b|\bcan't\s+answer\b"
    r"|в\s+(?:предоставленных\s+)?(?:статьях|документах|источниках|текстах)\s+(?:нет|не\s)"
    r"|(?:статьи|документы|источники)\s+не\s+(?:содержат|освещают|упоминают|отвечают)"
    r"|нет\s+(?:информации|сведений|данных)\b",
    re.IGNORECASE)


@dataclass
class Verdict:
    """The judgement on one answer: `status` is grounded, refused or rejected."""

    status: str
    reason: str = ""
    text: str = ""
    citations: list[Citation] = field(default_factory=list)
    unsupported: list[str] = field(default_factory=list)
    repointed: list[str] = field(default_factory=list)
    """Claims shown with another of the given sources than the model cited: the one that states them
    (`citations.repoint`), without their markers."""

    @property
    def label(self) -> str:
        """The JSON `verdict` field: `grounded`, `refused` or `rejected: <reason>`."""
        return f"rejected: {self.reason}" if self.status == "rejected" else self.status


def attach_markers(text: str) -> str:
    """Move markers written after a sentence's full stop back inside it ("2023. [1]" -> "2023 [1].")
    so the sentence splitter keeps them with the sentence they cite."""
    return re.sub(r"([.!?])((?:[ \t]*\[\d{1,3}\])+)", lambda m: f"{m.group(2).rstrip()}{m.group(1)}", text)


_BULLET = re.compile(r"^\s*(?:[-*•]|\d{1,2}[.)])\s+")


def carry_list_markers(text: str) -> str:
    """Give a list item without markers the markers of the next item of its list that has them:
    a model often cites a list once, after its last item ("- энергетика;\n- биотехнологии [1]."),
    and each item is then checked against those sources, not struck as unmarked. A long line
    that introduces a list ("Meeting in Jeddah, Nurtleu and Attaf stressed the importance of:") takes
    its first item's markers likewise: it states something, checked on the list's sources. A short
    one ("Kazakhstan signed documents with two Portuguese institutions:") introduces its items, which
    are checked themselves (its count of them is no figure of any passage)."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if line.rstrip().endswith(":") and not MARKER.search(line) and i + 1 < len(lines) \
                and is_claim(line, introduces_list=True):
            # a lead-in ("Nurtleu and Attaf stressed the importance of:") rests on its first item's sources
            first = next((later for later in lines[i + 1:] if later.strip()), "")
            markers = "".join(m.group(0) for m in MARKER.finditer(first)) if _BULLET.match(first) else ""
            if markers:
                body = line.rstrip()
                lines[i] = f"{body[:-1].rstrip()} {markers}:"
            continue
        if not _BULLET.match(line) or MARKER.search(line):
            continue
        for later in lines[i + 1:]:
            if not _BULLET.match(later):
                break
            markers = "".join(m.group(0) for m in MARKER.finditer(later))
            if markers:
                body = line.rstrip()
                end = len(body.rstrip(".;,:!?"))
                lines[i] = f"{body[:end]} {markers}{body[end:]}"
                break
    return "\n".join(lines)


LINKS = re.compile(r"!?\[([^\]]*)\]\([^)]*\)|https?://\S+|www\.\S+")
"""Markdown links and images and bare URLs: the address is no word of a claim (and rendered inert
anyway), but a link's text or an image's alt text is kept: "[Kenya expelled all Kazakh
diplomats](https://…)" and "![Kenya expelled…](x.png)" are claims like any other."""
_LEAD_IN = re.compile(r"\b(?:according|articles?|sources?|reports?|points|here|following|summary|highlights|details|"
                      r"as follows)\b|(?<![\w])(?:согласно|стать[яеиюь]\w*|источник\w*|следующ\w*|вот|кратко|"
                      r"основн\w*)(?![\w])", re.IGNORECASE)
"""Words of a line that introduces what follows, rather than stating something itself."""
LEAD_IN_WORDS = 10
"""A line ending with a colon is a lead-in ("According to the articles:") when it is this short
and something follows it; longer, or last, it states something."""


def is_claim(sentence: str, last: bool = False, introduces_list: bool = False) -> bool:
    """Whether a sentence states something: a lead-in ("According to the articles:"), a short
    courtesy line or a run of links is not a claim; three content words, a figure, or a country
    or a name with anything said of it ("Kenya is hostile.") is."""
    bare = LINKS.sub(lambda m: m.group(1) or " ", MARKER.sub("", sentence)).strip()
    if not bare or (bare.endswith(":") and not last and len(bare.split()) <= LEAD_IN_WORDS and (
            introduces_list or _LEAD_IN.search(bare) or not (re.search(r"\d", bare) or _names_somebody(bare[:-1])))):
        return False  # "According to the articles:", "Key points on Kenya:", "Kazakhstan signed two documents:"
        # followed by a list; not "Kenya expelled all Kazakh diplomats, and:" followed by prose
    terms = stem_terms(bare)
    return len(terms) >= 3 or bool(re.search(r"\d", bare)) or (len(terms) >= 2 and _names_somebody(bare))


def _names_somebody(text: str) -> bool:
    """A country, or a name: a capitalised word past the first, or a first word no dictionary
    has ("Gubbins is corrupt.", not "Hope this helps.")."""
    first = re.match(r"\W*([A-ZА-ЯЁ][\w'’-]{2,})", text)
    return bool(find_countries(text) or names(text) or (first and not is_common_word(first.group(1))))


MAX_REFUSAL_CHARS = 300
"""A refusal is short: a long uncited text that says "no information about X" somewhere is an
uncited answer (rejected, so the extractive answer is shown), not a refusal."""


def is_refusal(text: str) -> bool:
    """The model's own "the documents do not cover this", in English or Russian: short, no marker."""
    return len(text) <= MAX_REFUSAL_CHARS and not MARKER.search(text) and bool(REFUSAL.search(text))


def echoed(text: str) -> bool:
    return any(marker.lower() in text.lower() for marker in ECHO_MARKERS)


_REASONING_TAGS = ("think", "thinking", "reasoning", "reflection")
REASONING_TAG = re.compile(rf"<(/?)(?:{'|'.join(_REASONING_TAGS)})(?:\s[^<>]*)?(/?)>", re.IGNORECASE)
"""A reasoning model's scratchpad opens and closes with these (`<think>…</think>`)."""
_PARTIAL_TAG = re.compile(rf"<(/?)([a-z]{{0,10}})$|<(/?)(?:{'|'.join(_REASONING_TAGS)})\s[^<>]*$", re.IGNORECASE)


def strip_reasoning(text: str) -> str:
    """The answer without reasoning blocks: never streamed, checked or shown. Blocks nest (the
    outermost closes last); an unclosed one hides everything after it so far; a closing tag with
    no opening one (servers that drop the opening `<think>`) ends reasoning that began the text;
    and a tag still arriving ("<th" at the end of a streamed piece) is held back."""
    kept: list[str] = []
    depth, position = 0, 0
    for tag in REASONING_TAG.finditer(text):
        if depth == 0:
            kept.append(text[position:tag.start()])
        if tag.group(2):  # "<think/>": an empty block
            position = tag.end()
            continue
        if not tag.group(1):
            depth += 1
        elif depth:
            depth -= 1
        else:
            kept = []  # the reasoning began before any opening tag
        position = tag.end()
    if depth == 0:
        kept.append(text[position:])
    answer = "".join(kept)
    partial = _PARTIAL_TAG.search(answer)
    if partial and (partial.group(2) is None or any(name.startswith(partial.group(2).lower())
                                                    for name in _REASONING_TAGS)):
        answer = answer[:partial.start()]
    return answer.lstrip()


MAX_ANSWER_CHARS = 20_000
"""The most of a model's answer (reasoning left out) that is checked and shown: an answer is a few
sentences; checking a runaway one held a worker for a minute (225 KB: 55 s). The tail is dropped."""


def judge(text: str, hits: list[Hit], embedder: Embedder, lang: str) -> Verdict:
    """The verdict on `text`, an answer whose markers number `hits` from 1."""
    text = carry_list_markers(attach_markers(strip_reasoning(text)[:MAX_ANSWER_CHARS].strip()))
    if not text:
        return Verdict("rejected", "empty answer")
    if echoed(text):
        return Verdict("rejected", "prompt echo")
    if is_refusal(text):
        return Verdict("refused")
    cleaned, citations, unsupported, moved = check_citations(text, hits, embedder, lang)
    if not citations:
        return Verdict("rejected", "no citations")
    letters = [ch for ch in MARKER.sub("", cleaned) if ch.isalpha()]
    if len(letters) >= MIN_LANGUAGE_LETTERS and detect_language(cleaned) != lang:
        return Verdict("rejected", "wrong language")
    sentences = split_sentences(cleaned, answer_language(lang, fallback="en"))
    claims = [re.sub(r"\s+", " ", s.text).strip() for i, s in enumerate(sentences)
              if is_claim(s.text, last=i == len(sentences) - 1, introduces_list=bool(_BULLET.match(cleaned[s.end:])))]
    unmarked = [s for s in claims if not MARKER.search(s)]
    unsupported = unmarked + [s for s in unsupported if s not in unmarked]
    if claims and len(unmarked) == len(claims):
        return Verdict("rejected", "unmarked claim", unsupported=unsupported)
    if claims and len(unsupported) / len(claims) > MOSTLY_UNSUPPORTED:
        return Verdict("rejected", "mostly unsupported", unsupported=unsupported)
    shown, citations = renumber(strike(cleaned, unsupported), citations)
    listed = [_unmarked(s) for s in unsupported]
    struck = {_plain(s) for s in unsupported}
    repointed = list(dict.fromkeys(_plain(s) for s in moved if _plain(s) not in struck))
    return Verdict("grounded", text=shown, citations=citations, unsupported=listed, repointed=repointed)


def _unmarked(sentence: str) -> str:
    return re.sub(r"\s+([.,;:])", r"\1", MARKER.sub("", sentence)).strip()


def _plain(sentence: str) -> str:
    """A sentence as listed on its own: no markers, no list bullet, single spaces."""
    return _BULLET.sub("", re.sub(r"\s+", " ", _unmarked(sentence))).strip()


def strike(text: str, unsupported: list[str]) -> str:
    """The answer without its unsupported sentences (they stay listed in `unsupported`), so no
    unsupported sentence is presented as the articles' word."""
    for sentence in unsupported:
        pattern = r"\s*".join(re.escape(word) for word in sentence.split())
        text = re.sub(pattern, "", text, count=1)
    lines = [re.sub(r"[ \t]{2,}", " ", line).rstrip() for line in text.split("\n")]
    lines = [line for line in lines if line.strip() not in ("-", "*", "•")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
