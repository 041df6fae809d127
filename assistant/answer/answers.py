"""What an answer is: text with `[n]` markers, the citations they point to, and timings.

`Answer.to_json()` is the CLI's JSON contract (`assistant ask --json`): fields may be added,
never renamed or removed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..core.records import Citation, Hit

MARKER = re.compile(r"\[(\d{1,3})\]")

FRAME = {
    "en": {"refusal": "The articles don't cover this.", "heading": "According to the articles:",
           "list_heading": "According to the articles ({n} articles match):",
           "quoted": "(quoted in {lang})", "sources": "Sources", "unsupported": "not supported by the cited passage",
           "repointed": "cited to the source that states it (the model cited another)",
           "covers_not": "The articles cover {home}'s {topic} with {covered}, not with {asked}.",
           "not_about": "The articles don't mention {what}.",
           "no_relation": "The articles mention {subject}, but say nothing about {relation}.",
           "no_relation_at_all": "The articles say nothing about {relation}.",
           "no_year": "The articles have nothing on this for {year}.",
           "no_figure": "The articles touch on this, but give no figure for it.",
           "no_year_given": "The articles touch on this, but give no year for it.",
           "vague": "The question names nothing to look for: ask about a person, place, event or figure.",
           "dated": "(the article is dated {date})",
           "dateline": "(the article's dateline reads {date})",
           "topics": "agreements|investment|trade|funding|visits|meetings|relations"},
    "ru": {"refusal": "В статьях нет информации об этом.", "heading": "Согласно статьям:",
           "list_heading": "Согласно статьям (подходящих статей: {n}):",
           "quoted": "(цитаты на языке оригинала: {lang})", "sources": "Источники",
           "unsupported": "не подтверждается цитируемым фрагментом",
           "repointed": "ссылка исправлена на источник, где это сказано (модель сослалась на другой)",
           "covers_not": "Статьи освещают {topic} с другими партнёрами ({covered}); "
                         "сведений по запросу «{asked}» в них нет.",
           "not_about": "В статьях не упоминается: {what}.",
           "no_relation": "В статьях упоминается {subject}, но ничего не сказано о {relation}.",
           "no_relation_at_all": "В статьях ничего не сказано о {relation}.",
           "no_year": "В статьях нет сведений об этом за {year} год.",
           "no_figure": "Статьи касаются этого, но не приводят цифр.",
           "no_year_given": "Статьи касаются этого, но не называют года.",
           "vague": "В вопросе не названо, что искать: спросите о человеке, месте, событии или цифре.",
           "dated": "(статья от {date})",
           "dateline": "(дата в начале статьи: {date})",
           "topics": "соглашения|инвестиции|торговлю|финансирование|визиты|встречи|отношения"},
}
LANGUAGE_NAMES = {"en": {"en": "English", "ru": "Russian", "kk": "Kazakh"},
                  "ru": {"en": "английский", "ru": "русский", "kk": "казахский"}}


def frame(lang: str, key: str) -> str:
    return FRAME.get(lang, FRAME["en"])[key]


@dataclass
class Answer:
    question: str
    answer: str
    refused: bool
    mode: str
    citations: list[Citation] = field(default_factory=list)
    timings_ms: dict[str, float] = field(default_factory=dict)
    lang: str = "en"
    unsupported: list[str] = field(default_factory=list)
    """Sentences of `answer` whose cited passage does not support them."""
    repointed: list[str] = field(default_factory=list)
    """LLM mode: claims of `answer` shown with another source than the model cited (the one that states them)."""
    notice: str | None = None
    """A one-line note for the user, e.g. why the model fell back to extractive mode."""
    standalone_question: str | None = None
    """The question as rewritten from the chat history, when it was."""
    hits: list[Hit] = field(default_factory=list)
    answer_type: str | None = None
    """What the question asks for (person, date, amount, count, place, ...), when analysed."""
    grounding: dict[str, Any] | None = None
    """The question's constraints, the articles that meet them, and what none of them has."""
    evidence: float | None = None
    """The evidence score (0..1) the extractive answerer compared with its threshold; None when it
    answered or refused without one (grounding, no figure for "how much", LLM mode)."""
    verdict: str | None = None
    """LLM mode: `grounded`, `refused`, `rejected: <reason>` (the model's answer failed the check)
    or `fallback: <reason>` (the model failed); absent in extractive mode."""
    direct_answer: str | None = None
    """Extractive mode: the date, figure or name the question asks for, as the quoted sentence
    writes it, when it holds exactly one (the answer's bold first line)."""
    generated_chars: int | None = None
    """LLM mode: how many characters the model itself wrote before the check (0: it wrote nothing,
    e.g. the server failed); absent in extractive mode. Tells a model that answered from one that
    never did, whatever the verdict."""

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "question": self.question, "answer": self.answer, "refused": self.refused, "mode": self.mode,
            "citations": [c.to_json() for c in self.citations],
            "timings_ms": {k: round(v, 1) for k, v in self.timings_ms.items()},
            "lang": self.lang, "unsupported": list(self.unsupported),
        }
        if self.notice:
            data["notice"] = self.notice
        if self.standalone_question:
            data["standalone_question"] = self.standalone_question
        if self.answer_type:
            data["answer_type"] = self.answer_type
        if self.grounding is not None:
            data["grounding"] = self.grounding
        if self.evidence is not None:
            data["evidence"] = round(self.evidence, 3)
        if self.repointed:
            data["repointed"] = list(self.repointed)
        if self.verdict:
            data["verdict"] = self.verdict
        if self.direct_answer:
            data["direct_answer"] = self.direct_answer
        if self.generated_chars is not None:
            data["generated_chars"] = self.generated_chars
        return data

    def format_text(self) -> str:
        """Readable answer with a numbered source list (the CLI without --json)."""
        lines = [self.answer]
        if self.citations:
            lines += ["", frame(self.lang, "sources") + ":"]
            for c in self.citations:
                lines.append(citation_line(c.n, c.title, c.date, c.lang, c.source))
        if self.unsupported:
            lines += ["", "! " + frame(self.lang, "unsupported") + ":"] + [f"  - {s}" for s in self.unsupported]
        if self.repointed:
            lines += ["", "i " + frame(self.lang, "repointed") + ":"] + [f"  - {s}" for s in self.repointed]
        if self.notice:
            lines += ["", f"({self.notice})"]
        return "\n".join(lines)


def tidy_spacing(text: str) -> str:
    """Text with markers removed, tidied: runs of spaces become one, no space before punctuation."""
    return re.sub(r"[ \t]+([.,;:])", r"\1", re.sub(r"[ \t]{2,}", " ", text)).strip()


def citation_line(n: int, title: str, date: str | None, lang: str, source: str) -> str:
    """One entry of a numbered source list, as the CLI prints it."""
    return f"[{n}] {title} ({date or 'undated'}, {lang}) — {source}"


def renumber(text: str, citations: list[Citation]) -> tuple[str, list[Citation]]:
    """Drop markers that point to no citation, drop citations never cited, and number the rest
    1..N in order of first use. Returns the new text and citations."""
    by_n = {c.n: c for c in citations}
    order: list[int] = []
    for match in MARKER.finditer(text):
        n = int(match.group(1))
        if n in by_n and n not in order:
            order.append(n)
    mapping = {old: new for new, old in enumerate(order, start=1)}

    def swap(match: re.Match[str]) -> str:
        n = int(match.group(1))
        return f"[{mapping[n]}]" if n in mapping else ""

    new_text = MARKER.sub(swap, text)
    new_text = re.sub(r"(\[\d+\])(?:\s*\1)+", r"\1", new_text)  # "[1][1]" -> "[1]"
    new_text = tidy_spacing(new_text)
    renumbered = []
    for old in order:
        c = by_n[old]
        renumbered.append(Citation(mapping[old], c.article_id, c.source, c.title, c.date, c.lang, c.quote,
                                   c.start, c.end, c.url))
    return new_text, renumbered
