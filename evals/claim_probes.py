"""Claim probes: one claim, one passage, judged by the claim check alone (`claim_supported`).

Written cold by helpers who never saw the code, on invented wire copy about other countries'
foreign relations (`datasets/claim_probes/`): a faithful claim (paraphrase, a clause kept and
others dropped, a translation) must be supported; a claim with one planted error must not.
Smaller than an answer replayed through `assistant ask` (`capable`), so a whole set reads in
seconds and each miss names its sentence.

- `acts`: 99 faithful / 37 errors stressing opposite acts and acts to come (December 6, sixth
  session); the checks then built were shaped on them.
- `negation`: negations in multi-clause sentences (seventh session), used while building the
  clause-scoped polarity check.
- `wire`: multi-clause wire copy with and without negations, written as held out; three rules of
  that check followed its first misses, so it is held out no longer.
- `translations`: English claims on Russian passages and the reverse (`cross`).
- `instruments`: a grant made a loan, a rise made a cut, a lender made the borrower (seventh
  session); the instrument anchors and `anchors.reversed_act` were built on its first misses.
- `opposites`: faithful traps for an opposite-act check (both acts in one sentence, synonyms,
  negated opposites) and acts reversed; first read as held out, then three word lists and one
  rule (an object that is an absence: "visa-free") were shaped on its misses.
- `cross_names`: translations only (December 6, eighth session): cities and bodies named
  differently in the two languages, Russian cases and adjectives, acronyms spelt out, negations
  kept or removed. Read first as held out against the cross-script name check; then three small
  fixes (a hyphenated figure, a range of days, a name that is a month's form) were shaped on it.
- `cross_negation`: translations that keep, drop or render a negation without "not" ("lacks",
  "non-binding", "has yet to" / "пока не") and ones that lose or add it (eighth session). Read
  first as held out against the cross-language negation check (`citations.turned_in_translation`); then
  "has yet to" was made a negation on its misses.
- `cross_acts`: translations that keep an act or turn it into its opposite (raised/cut,
  imposed/lifted, joined/left, resumed/suspended; ninth session), a third of them over sentences
  with both acts. Read first as held out against the cross-language act check
  (`citations.turned_in_translation`): errors passed 21/30 -> 12/30, faithful struck 5/30 -> 5/30.
  Nothing was shaped on it.
- `cross_readings`: translations that use "may" and "march" as verbs, figures in three thousands
  groups ("1,345,596" / "1 345 596"), "led" as a cause or a first place, "руководство" as a
  management, "договор" as a treaty, "открыли" as discovered, and ones with one planted error
  (a month, a digit, a participant made the leader, talks made an agreement, a plan made an
  opening, a negation; December 6, eleventh session). Read first as held out against the code
  before that session's readings: faithful struck 15/24 -> 4/24, errors supported 2/24 -> 2/24;
  then the "led" reading's lists were widened on two of its misses (both still struck for a
  country and a name), so it is held out no longer.
- `cross_review`: 44 probes an adversarial helper wrote against those readings, told each rule
  and asked to break it ("the March on Washington", "signed in early may", "1,345 млрд евро",
  "led Manchester City with two goals", "открыла посольство" over a building "discovered", New
  York over "Йорке", "XVIII веке" over "the 1700s"). The code before the readings: faithful struck
  13/22, errors supported 6/22; with them 12/22 and 10/22; after the fixes it prompted (a month
  after "in"/"early", decades as centuries, a Russian decimal comma before "млрд", "открыли" a
  place or a route, "New" excused only beside a hyphenated name) 8/22 and 7/22."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

PROBES = Path(__file__).parent / "datasets" / "claim_probes"
SETS = ("acts", "negation", "wire", "translations", "instruments", "opposites", "cross_names",
        "cross_negation", "cross_acts", "cross_readings", "cross_review")


def load_probes(name: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (PROBES / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]


def run_probes(embedder: Any) -> dict[str, dict[str, Any]]:
    """Per set: faithful claims struck and planted errors supported, with the wrong ones listed."""
    from assistant.answer.citations import claim_supported

    result = {}
    for name in SETS:
        rows = load_probes(name)
        wrong = []
        for row in rows:
            supported = claim_supported(row["claim"], [row["passage"]], embedder, cross=row["cross"])
            if supported != (row["kind"] == "faithful"):
                wrong.append({"id": row["id"], "kind": row["kind"], "claim": row["claim"]})
        faithful = sum(row["kind"] == "faithful" for row in rows)
        result[name] = {"faithful": faithful, "faithful_struck": sum(w["kind"] == "faithful" for w in wrong),
                        "errors": len(rows) - faithful, "errors_supported": sum(w["kind"] == "error" for w in wrong),
                        "wrong": wrong}
    return result
