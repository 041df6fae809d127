"""`python -m evals capable` (in `make eval-claims`): the answer check against what a capable
model writes, on the bundled corpus.

`evals/datasets/capable/prompts.jsonl` holds, for reference questions of both languages, the
chain's real prompt and the sources it retrieved. Writers who saw only those prompts played a
GPT-4o-class model (`answers-*.jsonl`): for each prompt one faithful answer in the asker's
language (paraphrase, translation across languages, synthesis of two sources, figures in local
formats) and one variant with exactly one planted error of a named kind (figure, date, person,
country/organisation, negation, relation, unsupported addition, wrong citation, mistranslation),
each claim sentence labelled. Every answer is judged by `verdict.judge` over the sources its
prompt gave (`prompt_hits`: the passages the writer saw, as numbered there), as `assistant ask`
would judge it; searching again would number other passages once retrieval changes (7 of 90
prompts differed by December), and the labels would then describe other sources. An answer is
scored on what the user would be shown: a faithful answer
must be shown as grounded with all its claims; a planted error must not be in the shown text
(struck, or the whole answer rejected). Calibration and test halves follow the reference split.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.answer.chain import AnswerService
from assistant.answer.verdict import judge
from assistant.core.records import Article, ChunkRecord, Hit

from .dataset import DATASETS

CAPABLE = DATASETS / "capable"


@dataclass(frozen=True)
class Replay:
    id: str
    prompt_id: str
    question: str
    lang: str
    split: str
    answer: str
    faithful: bool
    error_kind: str | None
    claims: tuple[tuple[str, bool], ...]
    source_langs: tuple[str, ...]
    hits: tuple[Hit, ...]
    """The prompt's sources, numbered as the answer's markers number them."""


_SOURCE = re.compile(r'<source n="(\d+)" title="(.*?)" date="(.*?)" lang="(\w+)">\n(.*?)\n</source>', re.DOTALL)


def prompt_hits(prompt: dict[str, Any]) -> tuple[Hit, ...]:
    """The passages a prompt gave the model, as hits numbered from 1 (the text as the model read
    it: the chunk, cut where the prompt cut it)."""
    ids = {s["n"]: s["article_id"] for s in prompt["sources"]}
    blocks = _SOURCE.findall(prompt["user"])
    if [int(block[0]) for block in blocks] != [s["n"] for s in prompt["sources"]]:
        raise ValueError(f"prompt {prompt['id']}: its source blocks do not match its list of sources")
    hits = []
    for n, title, date, lang, text in blocks:
        text = html.unescape(text)
        article_id = ids[int(n)]
        article = Article(id=article_id, title=html.unescape(title), text=text, source=article_id,
                          date=None if date == "unknown" else date, lang=lang)
        hits.append(Hit(ChunkRecord(f"{article_id}@prompt{n}", article_id, 0, 0, len(text), text), article, 0.0))
    return tuple(hits)


def load_prompts(folder: Path = CAPABLE) -> dict[str, dict[str, Any]]:
    """The prompts the answers were written to, by id."""
    rows = map(json.loads, (folder / "prompts.jsonl").read_text(encoding="utf-8").splitlines())
    return {row["id"]: row for row in rows}


def load_replays(folder: Path = CAPABLE) -> list[Replay]:
    prompts = load_prompts(folder)
    replays = []
    for path in sorted(folder.glob("answers-*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            prompt = prompts[row["prompt_id"]]
            cited = {int(n) for n in re.findall(r"\[(\d{1,3})\]", row["answer"])}
            langs = tuple(sorted({s["lang"] for s in prompt["sources"] if s["n"] in cited}))
            replays.append(Replay(row["id"], row["prompt_id"], prompt["question"], row["lang"], prompt["split"],
                                  row["answer"], bool(row["faithful"]), row.get("error_kind"),
                                  tuple((c["sentence"], bool(c["supported"])) for c in row["claims"]), langs,
                                  prompt_hits(prompt)))
    return replays


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"\[\d{1,3}\]", "", text)).strip(" .").lower()


def direction(replay: Replay) -> str:
    other = [lang for lang in replay.source_langs if lang != replay.lang]
    return f"{replay.lang}<-{'+'.join(replay.source_langs) or 'none'}" if other else f"{replay.lang}<-{replay.lang}"


def judge_replay(service: AnswerService, replay: Replay) -> dict[str, Any]:
    verdict = judge(replay.answer, list(replay.hits), service.embedder, replay.lang)
    shown = _norm(verdict.text) if verdict.status == "grounded" else ""
    refused = verdict.status == "refused"
    planted = [s for s, ok in replay.claims if not ok]
    kept = [s for s, ok in replay.claims if ok]
    if replay.faithful:
        ok = (refused and not replay.claims) or (verdict.status == "grounded" and all(_norm(s) in shown for s in kept))
    else:  # a wrong citation is kept out too when the claim is shown citing the source that states it
        repointed = [_norm(s) for s in verdict.repointed]
        ok = all(_norm(s) not in shown or (replay.error_kind == "wrong_citation"
                                           and any(_norm(s) in moved for moved in repointed)) for s in planted)
    return {"id": replay.id, "split": replay.split, "faithful": replay.faithful,
            "kind": replay.error_kind or "faithful", "direction": direction(replay), "verdict": verdict.label,
            "ok": ok, "unsupported": verdict.unsupported, "answer": replay.answer}


def _rate(rows: list[dict[str, Any]]) -> dict[str, Any]:
    return {"cases": len(rows), "ok": sum(r["ok"] for r in rows),
            "rate": round(sum(r["ok"] for r in rows) / len(rows), 3) if rows else float("nan")}


def score_replays(rows: list[dict[str, Any]]) -> dict[str, Any]:
    faithful = [r for r in rows if r["faithful"]]
    errors = [r for r in rows if not r["faithful"]]
    return {
        "faithful_shown": _rate(faithful), "errors_kept_out": _rate(errors),
        "by_kind": {kind: _rate([r for r in rows if r["kind"] == kind]) for kind in sorted({r["kind"] for r in rows})},
        "by_direction": {d: {"faithful_shown": _rate([r for r in faithful if r["direction"] == d]),
                             "errors_kept_out": _rate([r for r in errors if r["direction"] == d])}
                         for d in sorted({r["direction"] for r in rows})},
    }


COLD = CAPABLE / "cold-faithful.jsonl"
"""Faithful answers to the same prompts by two more writers who saw only the prompt (December 4),
unlabelled sentence by sentence: every one is meant to be shown whole. They found kinds of
faithful writing the check struck (a fact from the source's title, the source's date copied as
"2015-11-02", "No —" before a yes/no answer, "the two officials" referring back, a list cited
once after its last item, more shapes of "the source does not say"), which were then fixed; the
rest of its failures are listed in each report."""


SWAPS = CAPABLE / "swaps-cold.jsonl"
"""40 faithful answers and 40 with one planted swap (an agent: "chaired by", "proposed by"; what a
count counts: regions for countries; giver and receiver: "Kazakhstan's assistance to the U.S."; the
owner of a figure or an action), written cold by a helper who saw only the prompts (December 4).
Not held out: its misses shaped the role, agent and count checks."""


MIXED = CAPABLE / "mixed-cold.jsonl"
"""36 faithful answers and 36 with one planted error of nine kinds (figure, date, person, country or
organisation, negation, relation, addition, wrong citation, mistranslation), written cold by another
helper from the prompts alone (December 4). Measured once before any change it prompted (faithful
shown whole 29/36, errors kept out 27/36); its faithful answers the check struck then shaped four
fixes, so it is no longer held out."""
MIXED_2 = CAPABLE / "mixed-cold-2.jsonl"
"""40 faithful answers and 40 with one planted error of ten kinds (the nine above and a giver or
proposer reversed), written cold by a third helper from the prompts alone (December 4, evening).
Read first by the code of that evening, whose checks it never shaped: faithful shown whole 36/40,
errors kept out 27/40 (24/40 by the code of that morning). One miss, a Russian name a few
letters longer (Кулекенов for Кулекеев), then shaped a fix (28/40), and a giver and receiver
swapped by their Russian cases another (29/40), and a faithful translation struck for a place
"held" elsewhere a third (faithful 37/40, errors 28/40: one error was kept out only by that false
strike), so it is not held out either."""
STRESS = CAPABLE / "faithful-stress.jsonl"
"""40 faithful answers written cold (December 4, late) to stress the checks added that evening:
quotes given to their speaker by name, surname, title or "— добавил он"; ministries in other
words ("глава МИД", "Kenya's Foreign Ministry"); Russian names in other cases, passives and
converse verbs ("получил от"); places and times in other words; names across scripts. First read:
shown whole 36/40, as by the code of that morning (one answer fixed by the place check, one struck
by the quote check for taking "Госдепартамента" for a speaker); 37/40 after that was fixed, and
40/40 once a period in other units (nine months, three quarters), a year relative to another ("the
previous year") and a Russian adjective in a name were read, so it is not held out either."""
MIXED_3 = CAPABLE / "mixed-cold-3.jsonl"
"""30 faithful answers and 30 with one planted error of ten kinds, written cold by a fourth helper
after every check of December 4 was in (late that night). First read: faithful 29/30, errors kept
out 19/30 (the code of that morning: 29/30 and 18/30: two ministries renamed now caught, and one
mistranslation lost that had been caught only by a false strike of "Межправительственного").
One miss then shaped a check (a fact made a possibility: "может быть выделено" for "has been
granted"), another an agent phrase the passages say nothing of ("по приглашению Правительства"):
21/30, so it is not held out either."""
MIXED_4 = CAPABLE / "mixed-cold-4.jsonl"
"""30 faithful answers and 30 with one planted error, three of each of ten kinds, written cold by a
fifth helper from the prompts alone (December 5), after every check of that day was in. First read:
faithful shown whole 29/30, errors kept out 20/30 (the code of that morning: 29/30 and 17/30). Its
misses then shaped five checks (a span of time's unit, a possibility made a decision, a status
lowered, a visit's destination, a proposer reversed) and a surname naming an institution: 26/30,
so it is no longer held out (mixed-cold-5 is)."""
MIXED_5 = CAPABLE / "mixed-cold-5.jsonl"
"""30 faithful answers and 30 with one planted error, three of each of ten kinds, written cold by a
sixth helper from 30 prompts (18 English, 8 Russian, 4 Russian questions on English sources; 26 not
used by mixed-cold-4) on December 5, and read twice: by the code of that session's start (faithful
27/30, errors kept out 18/30) and after its checks (27/30 and 19/30; the one gain, a science city
made "only planned", repeats an error of mixed-cold-4 on the same article). One rule was shaped on
it afterwards, for a faithful answer: a remark on the sources with an adverb ("do not explicitly
mention a signing"): faithful 28/30. A third session then shaped the swapped-value check on
its misses (Paraguay for Hungary, taken from another sentence): errors 20/30, so it is no longer
held out either. December 7 (fifteenth session): an aim made a result
(`anchors.made_past`) was written on one of its misses."""
MIXED_6 = CAPABLE / "mixed-cold-6.jsonl"
"""30 faithful answers and 30 with one planted error, three of each of ten kinds, written cold by an
eighth helper from 30 prompts (16 English, 8 Russian, all 6 Russian questions on English sources;
the writer was asked to prefer a wrong value found elsewhere in the sources) on December 5 (third
session). First read by the code of that session's start: faithful 29/30, errors kept out 18/30.
Then the check for a value swapped against the sentence stating the claim (`anchors.swapped_values`),
built on mixed-cold-5's misses (a country and a figure taken from another sentence): 20/30 at its
first read here; one tolerance was then shaped on it (an official name moving the country's
mention, "of the Republic of Paraguay"): 21/30, faithful still 29/30; then 22/30 with the role
check (`anchors.unstated_roles`), 23/30 with a possibility made a fact (`anchors.made_real`) and
24/30 with a signing done made one to come (`anchors.made_intended`). So it is not held out."""
MIXED_7 = CAPABLE / "mixed-cold-7.jsonl"
"""30 faithful answers and 30 with one planted error, three of each of ten kinds, written cold by a
ninth helper from 30 prompts (17 English, 9 Russian, 4 Russian questions on English sources) on
December 5 (third session), after the swapped-value, role and possibility checks were in, with no
hint of what they look for. Held out until December 7: read by the code of that session's start
(faithful 28/30, errors kept out 16/30) and by its end (28/30, 18/30: a day swapped and an interest
made a commitment). December 7 (fourteenth session): three checks were written on its misses (a
need stressed made a fact, the part of a period, a candidate of sciences made a doctor): 22 -> 25
of 30, so it is not held out since. Fifteenth session: a proposed event made one held
(`anchors.made_held`) was written on one of its misses."""
MIXED_8 = CAPABLE / "mixed-cold-8.jsonl"
"""30 faithful answers and 30 with one planted error, three of each of ten kinds, written cold by a
tenth helper from 30 prompts (17 English, 9 Russian, 4 Russian questions on English sources) on
December 5 (fourth session), before that session's checks, with no hint of what any check looks
for. Held out at its first reading only, by the code of that session's start (faithful 26/30,
errors kept out 20/30): that session's checks (a place moved within its sentence, an act to come
reported done, translations against their best sentence) were then written on its misses and
the earlier sets' alike, so it is not held out since."""
MIXED_9 = CAPABLE / "mixed-cold-9.jsonl"
"""30 faithful answers and 30 with one planted error, three of each of ten kinds, written cold by an
eleventh helper from 30 prompts (17 English, 9 Russian, 4 Russian questions on English sources) on
December 5 (fourth session), after that session's first checks were in, with no hint of what any
check looks for. Held out until December 7: read by the code of that session's start and by its
end (faithful 28/30, errors kept out 24/30 both); nothing was shaped on it. December 7 (thirteenth session): its
misses were read, and one check was tried on them and dropped; 24/30 still. Fourteenth session:
the check for whose technologies would be useful to whom was written on one of its misses and the
same error in two other sets (25/30), so it is not held out since."""
MIXED_10 = CAPABLE / "mixed-cold-10.jsonl"
"""The same shape (30 + 30, ten kinds, 17 English, 9 Russian, 4 Russian questions on English sources),
written cold by a twelfth helper on December 6 (fifth session) from prompts the earlier sets used
least, with no hint of what any check looks for. Held out until December 7: read by the code of
that session's start and by its end (faithful 28/30 both, errors kept out 20/30 both); nothing was
shaped on it then. December 7 (thirteenth session): the year, ordinal and invitation checks were written on
three of its misses (23/30), so it is not held out since. Fifteenth session: an intent for an act done
(`anchors.made_future`) on one more."""
MIXED_11 = CAPABLE / "mixed-cold-11.jsonl"
"""The same shape (30 + 30, ten kinds, three each; 17 English, 9 Russian, 4 Russian questions on
English sources), written cold by a thirteenth helper on December 7 (fifteenth session) from the 30
prompts the earlier sets used least, reading the prompts file only. Held out: read by the code of
that session's start and by its end alike, faithful shown whole 26/30, errors kept out 21/30 (the
first read of a fresh set is what a user's own answers meet; the earlier sets, each tuned on,
stand at .91). Nothing is shaped on it."""
MIXED_12 = CAPABLE / "mixed-cold-12.jsonl"
"""The same shape, written cold by a fourteenth helper on December 7 (fifteenth session) from 30
prompts set 11 does not use, to be studied while set 11 stays held out. First read, by that
session's code after its tense and region checks: faithful 29/30, errors kept out 17/30. Two checks
were then written on its misses (a percentage held to the passages' percentages, an agency not borne
out by its organisation): 19/30, and a signed document made only discussed (`anchors.made_open`): 20/30.
Not held out."""
MIXED_13 = CAPABLE / "mixed-cold-13.jsonl"
"""The same shape (30 + 30, ten kinds, three each; 17 English, 9 Russian, 4 Russian questions on
English sources), written cold by a fifteenth helper on December 7 (eighteenth session) from the
prompts sets 11 and 12 use least, reading the prompts alone. Held out: read by that session's code
at its start and at its end alike, faithful shown whole 29/30, errors kept out 27/30. Nothing is
shaped on it."""
MIXED_14 = CAPABLE / "mixed-cold-14.jsonl"
"""The same shape (30 + 30, ten kinds, three each; 14 English, 10 Russian, 6 Russian questions on
English sources), written cold by a sixteenth helper on December 7 (nineteenth session) from the
prompts sets 11-13 use least, reading the prompts alone. Held out: read by that session's start
(faithful shown whole 29/30, errors kept out 25/30) and by its end (30/30, 25/30: a translated
"южнее Сахары" no longer struck). Nothing is shaped on it."""
ROLES = CAPABLE / "faithful-roles.jsonl"
"""36 faithful answers (17 in Russian, 31 prompts) written cold by a seventh helper to stress who did
what to whom: visits and hosts, proposals and invitations, gifts with the voice switched, whose
experience is shared, spans of time and work under way, across languages. Written after the
role checks of December 5 were in, to find their false strikes: shown whole 32/36 by those checks
and by the code before them alike (the four struck are a remark on what the source presents, a
long claim joined by a semicolon, and two translations below the semantic floor)."""
WRITTEN = {"swaps": SWAPS, "mixed": MIXED, "mixed_2": MIXED_2, "faithful_stress": STRESS, "mixed_3": MIXED_3,
           "mixed_4": MIXED_4, "mixed_5": MIXED_5, "mixed_6": MIXED_6,
           "mixed_7": MIXED_7, "mixed_8": MIXED_8, "mixed_9": MIXED_9, "mixed_10": MIXED_10, "mixed_11": MIXED_11,
           "mixed_12": MIXED_12, "mixed_13": MIXED_13, "mixed_14": MIXED_14,
           "faithful_roles": ROLES}
"""The cold-written sets with planted errors, reported by `python -m evals capable` after the cold
faithful answers."""


def run_written(service: AnswerService, path: Path = COLD) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Each answer of a file written cold, judged as `assistant ask` would judge it. A faithful
    one (`kind` "faithful", or no kind) is right when grounded with nothing struck, or, for the
    writer's refusal, refused; one with a planted error is right when it is not shown whole (a
    wrong citation: or when a claim of it is shown re-pointed to the source that states it)."""
    prompts = load_prompts()
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        prompt = prompts[row["prompt_id"]]
        verdict = judge(row["answer"], list(prompt_hits(prompt)), service.embedder, prompt["lang"])
        whole = verdict.status == "grounded" and not verdict.unsupported
        kind = row.get("kind", "faithful")
        if kind == "wrong_citation":  # kept out when struck, or shown citing the source that states it
            ok = not whole or bool(verdict.repointed)
        elif kind != "faithful":
            ok = not whole
        elif not re.search(r"\[\d{1,3}\]", row["answer"]):  # the writer's refusal
            ok = verdict.status == "refused"
        else:
            ok = whole
        rows.append({"id": row["id"], "split": prompt["split"], "lang": prompt["lang"], "kind": kind,
                     "verdict": verdict.label, "ok": ok, "unsupported": verdict.unsupported})
    result = {name: _rate([r for r in rows if name == "all" or r["split"] == name])
              for name in ("calibration", "test", "all")}
    kinds = sorted({r["kind"] for r in rows})
    result["by_kind"] = {kind: _rate([r for r in rows if r["kind"] == kind]) for kind in kinds}
    return result, rows


def run_cold(service: AnswerService) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The cold faithful answers (`COLD`): right when shown whole, or refused where the writer refused."""
    return run_written(service, COLD)


def run_capable(service: AnswerService, split: str | None = None) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    replays = [r for r in load_replays() if split is None or r.split == split]
    rows = [judge_replay(service, r) for r in replays]
    result = {"all": score_replays(rows)}
    for name in ("calibration", "test"):
        part = [r for r in rows if r["split"] == name]
        if part:
            result[name] = score_replays(part)
    return result, rows
