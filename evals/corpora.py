"""Answer quality where users are: whole corpora nobody tuned the answerer on, end to end.

Two sets beside the seed reference set (`reference.jsonl` over the bundled articles):

- **XQuAD as a corpus** (CC BY-SA 4.0): each of XQuAD's 48 Wikipedia articles is ingested as its
  paragraphs, in English or in Russian (alternating by article), except one paragraph held out per
  article; one article in six is never ingested. Every question is asked in both languages, so a
  question is same-language (`in-language`) or cross-language (`cross-lingual`) with the gold
  answer in the ingested language; questions on a held-out paragraph are `near-miss` (same topic,
  same names, other facts: must be refused) and on a never-ingested article `out-of-domain`.
- **News beyond the seeds** (`evals/datasets/news/`): real agency news and press releases on other
  countries' foreign relations, with their datelines and furniture, and questions written from
  the articles alone by someone who had not seen the code.

Both are split by article into calibration and test halves (XQuAD: alternate articles; news: the
split each question's article carries). Each set has its own index under evals/.cache/<set>/,
built once (XQuAD: with a fingerprint of its texts; news: incremental ingest), and is scored by
the reference evaluation's own metrics (`reference.score`); the news set's country summaries are
scored by `summaries.py`. Articles are tagged with their
countries as `assistant ingest` tags them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.answer.chain import AnswerService
from assistant.core.records import Article
from assistant.core.settings import Settings
from assistant.index.embeddings import get_embedder
from assistant.index.ingest import ingest
from assistant.index.store import IndexStore
from assistant.language.countries import tag_article

from .dataset import DATASETS, Case, load_cases
from .xquad import DEFAULT_DATA, build_or_load

CACHE = Path(__file__).resolve().parent / ".cache"
NEWS = DATASETS / "news"
OFF_CORPUS_EVERY = 6
"""One XQuAD article in this many is never ingested: its questions must be refused."""
HELD_OUT_PARAGRAPH = 2
"""The paragraph of each ingested XQuAD article left out (the middle one of five): its questions
are near misses, about the same topic and names as what was ingested, with facts that were not."""


@dataclass(frozen=True)
class CorpusSet:
    name: str
    settings: Settings
    cases: list[Case]


def _xquad_raw(data_dir: Path) -> dict[str, list[dict[str, Any]]]:
    raw = {}
    for lang in ("en", "ru"):
        path = data_dir / f"xquad.{lang}.json"
        if not path.exists():
            raise FileNotFoundError(f"{path} not found (XQuAD: xquad.en.json and xquad.ru.json)")
        raw[lang] = json.loads(path.read_text(encoding="utf-8"))["data"]
    return raw


def xquad_corpus(data_dir: Path = DEFAULT_DATA, sample: int = 1) -> tuple[list[Article], list[Case]]:
    """The ingested paragraphs and the cases (every `sample`-th question of each paragraph's,
    each asked in both languages)."""
    raw = _xquad_raw(data_dir)
    articles: list[Article] = []
    cases: list[Case] = []
    for number, (doc_en, doc_ru) in enumerate(zip(raw["en"], raw["ru"], strict=True)):
        ingested_lang = "en" if number % 2 == 0 else "ru"
        off_corpus = number % OFF_CORPUS_EVERY == OFF_CORPUS_EVERY - 1
        split = "calibration" if number % 2 == (number // 2) % 2 else "test"  # both languages in each half
        for p, (par_en, par_ru) in enumerate(zip(doc_en["paragraphs"], doc_ru["paragraphs"], strict=True)):
            pars = {"en": par_en, "ru": par_ru}
            article_id = f"xquad-{number:02d}-{p}.{ingested_lang}"
            held_out = p == HELD_OUT_PARAGRAPH
            if not off_corpus and not held_out:
                text = pars[ingested_lang]["context"].lstrip("\ufeff").strip()
                articles.append(tag_article(Article(id=article_id, title="", text=text, source=article_id,
                                                    lang=ingested_lang)))
            for q, (qa_en, qa_ru) in enumerate(zip(par_en["qas"], par_ru["qas"], strict=True)):
                if q % sample:
                    continue
                gold = pars[ingested_lang]["qas"][q]["answers"][0]["text"].strip()
                for lang, qa in (("en", qa_en), ("ru", qa_ru)):
                    if off_corpus:
                        kind = "out-of-domain"
                    elif held_out:
                        kind = "near-miss"
                    else:
                        kind = "in-language" if lang == ingested_lang else "cross-lingual"
                    unanswerable = kind in ("out-of-domain", "near-miss")
                    cases.append(Case(f"xq-{qa['id']}-{lang}", qa["question"].lstrip("\ufeff").strip(), lang, kind,
                                      () if unanswerable else (article_id,), () if unanswerable else ((gold,),),
                                      unanswerable, split))
    return articles, cases


def _set_settings(name: str, base: Settings, collection: str) -> Settings:
    return base.model_copy(update={"index_dir": CACHE / name / "index", "collection": collection})


def xquad_set(base: Settings, sample: int = 1, progress: bool = True) -> CorpusSet:
    articles, cases = xquad_corpus(sample=sample)
    settings = _set_settings("xquad_corpus", base, "xquad")  # the collection build_or_load writes
    embedder = get_embedder(settings)
    build_or_load(articles, embedder, CACHE / "xquad_corpus", progress=progress)
    return CorpusSet("xquad_corpus", settings, cases)


def news_set(base: Settings, questions: str = "questions.jsonl", name: str = "news") -> CorpusSet:
    """The news articles' index and the cases of one question file: `questions.jsonl` (split by
    article into calibration and test halves), or `questions_cold.jsonl` (`name` "news-cold": 40
    questions a helper wrote from the articles alone, all test; never used to fit the scorer; two of
    its failures shaped the compound-question and two-countries grounding, so it is not held out)."""
    settings = _set_settings("news", base, "news")
    embedder = get_embedder(settings)
    store = IndexStore(settings, embedder)
    ingest(store, embedder, [NEWS / "articles"], tagger=tag_article)  # tagged as `assistant ingest` tags
    return CorpusSet(name, settings, load_cases(NEWS / questions))


def service_for(corpus: CorpusSet) -> AnswerService:
    service = AnswerService(corpus.settings)
    service.store.current()
    return service
