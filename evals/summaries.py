"""Country summaries on the news set (`evals/datasets/news/partners.jsonl`): for each partner with
two or more articles, the articles that are about its relations with the home country and the key
facts a briefing must carry. `summarize` runs with that home country (`home=`), as a user of
another corpus would set ASSISTANT_HOME_COUNTRY, and is scored on the articles it cites
(precision and recall against the gold ones) and the key facts in its text.
"""

from __future__ import annotations

import json
from typing import Any

from assistant.answer.summary import summarize
from assistant.app.summary_render import summary_object
from assistant.language.countries import resolve_country

from . import metrics as m
from .corpora import NEWS, news_set, service_for
from .dataset import SPLITS


def run_summaries(split: str | None = None) -> dict[str, Any]:
    from assistant.core.settings import Settings

    corpus = news_set(Settings())
    snapshot = service_for(corpus).store.current()
    rows = []
    for line in (NEWS / "partners.jsonl").read_text(encoding="utf-8").splitlines():
        gold = json.loads(line)
        if split and gold["split"] != split:
            continue
        result = summary_object(summarize(snapshot, resolve_country(gold["code"]), home=gold["home"]))
        cited = [a["article_id"] for a in result["articles"]]
        text = json.dumps(result, ensure_ascii=False)
        rows.append({"partner": f"{gold['home']}-{gold['code']}", "split": gold["split"],
                     "precision": m.citation_precision(cited, gold["gold_articles"]),
                     "recall": m.citation_recall(cited, gold["gold_articles"]),
                     "key_facts": m.key_fact_recall(text, gold["key_facts"]), "cited": cited,
                     "gold": gold["gold_articles"]})
    summary = {name: {"partners": len(part), "precision": m.mean([r["precision"] for r in part]),
                      "recall": m.mean([r["recall"] for r in part]),
                      "key_facts": m.mean([r["key_facts"] for r in part])}
               for name in SPLITS if (part := [r for r in rows if r["split"] == name])}
    return {"summary": summary, "rows": rows}
