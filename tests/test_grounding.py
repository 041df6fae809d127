"""Trustworthy answers: question analysis, names across scripts, grounding refusals, typed
answers, and the sentence index that lets answering embed nothing but the question."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from assistant.answer.chain import AnswerService, build_service
from assistant.cli import main
from assistant.core.records import Article, ChunkRecord, Hit
from assistant.core.settings import Settings
from assistant.index.embeddings import E5Embeddings
from assistant.index.ingest import ingest
from assistant.index.store import IndexStore
from assistant.language.countries import find_countries
from assistant.language.question import (
    AMOUNT,
    COUNT,
    DATE,
    DESCRIPTION,
    ORGANISATION,
    PERSON,
    PLACE,
    TextFacts,
    analyze,
    anchor_overlap,
    missing_constraints,
    name_matches,
    skeleton,
)
from assistant.language.transliteration import _GAPS, _SWAPS, SPELLING_DISTANCE, _distance, spells_same_name

from .conftest import copy_corpus, write_article


@pytest.mark.parametrize("question, kind", [
    ("Who co-chaired the Joint Committee on the Kazakh side?", PERSON),
    ("Кто возглавил делегацию СО РАН?", PERSON),
    ("When did John Kerry arrive in Astana?", DATE),
    ("В каком году были установлены дипломатические отношения с Кенией?", DATE),
    ("How much funding did Kazakhstan receive from UNESCO?", AMOUNT),
    ("Каков объём торговли Казахстана с Эстонией?", AMOUNT),
    ("How many African countries are there?", COUNT),
    ("В скольких странах работают посольства Казахстана?", COUNT),  # сколько in any case
    ("Со сколькими странами Казахстан подписал соглашения?", COUNT),
    ("Where is the UN Office for Disaster Risk Reduction headquartered?", PLACE),
    ("Which country hosted the summit?", PLACE),
    ("Какая страна председательствует в ШОС?", PLACE),
    ("Which ministry organised the forum?", ORGANISATION),
    ("Какое министерство организовало форум?", ORGANISATION),
    ("Как зовут посла Казахстана в Португалии?", PERSON),
    ("What is the name of the ambassador?", PERSON),
    ("What is the name of the treaty?", DESCRIPTION),
])
def test_expected_answer_type_in_both_languages(question: str, kind: str) -> None:
    assert analyze(question).answer_type == kind


def test_constraints_read_from_the_question() -> None:
    q = analyze("What was the volume of trade between Kazakhstan and Chile in 2023?")
    assert q.countries == ("CL",), "Kazakhstan is the corpus's home, never a constraint"
    assert q.years == ("2023",) and q.relations == ("trade",) and q.answer_type == AMOUNT
    q = analyze("What did Antony Blinken discuss in Astana?")
    assert q.names == ("Blinken",), "a given name is spelt too many ways to be required; Astana is a country alias"
    assert analyze("Who led the delegation of the Siberian Branch of the Russian Academy of Sciences?").names == ()
    q = analyze("Кто председательствовал на заседании Бюро Межправительственного комитета ЮНЕСКО?")
    assert q.names == () and "UNESCO" in q.countries and q.relations == ("chair",)
    assert analyze("Who chaired the C5+1 meeting?").names == ("C5+1",)
    assert analyze("Какие документы были подписаны в Астане?").relations == ("sign",)
    assert analyze("С чем сравнивалась подписка на спортивные каналы?").relations == (), "a subscription, not a signing"
    assert analyze("Когда началась подписная кампания?").relations == ()
    assert analyze("Кто подписал договор?").relations == ("sign",)
    assert analyze("Будет ли подписано соглашение?").relations == ("sign",)
    assert analyze("What did Kazakhstan's trade with Estonia and with Portugal amount to?").is_list


@pytest.mark.parametrize("question, countries", [
    ("Как называется этот заповедник на польском языке?", ()),
    ("Какую книгу он издал на английском и немецком языках?", ()),
    ("Как это звучит по-французски?", ()),
    ("Как переводится название с китайского языка?", ()),
    ("What is the Dutch word for the delta?", ()),
    ("Which Russian-language newspaper reported it?", ()),
    ("When did he publish a French language Bible?", ()),
    ("What did the Russian side propose on transit?", ("RU",)),
    ("Что предложила немецкая делегация на переговорах?", ("DE",)),
    ("Какие документы подписали в Германии на немецком языке?", ("DE",)),
    # a country's own name, "name" as a verb and "языковой" keep the country (a cold review's)
    ("Who did Russia name for the post of ambassador?", ("RU",)),
    ("What does the Ukraine language law require of schools?", ("UA",)),
    ("Что изменилось в российском языковом законодательстве?", ("RU",)),
    ("Сколько стоит обучение в китайском языковом центре?", ("CN",)),
])
def test_a_language_named_by_a_country_s_adjective_is_no_country(question: str, countries: tuple[str, ...]) -> None:
    """"на польском языке" asks for a word, not about Poland: read as a country, it required the
    articles to be tagged with Poland and refused an answer standing in another article."""
    assert analyze(question).countries == countries


@pytest.mark.parametrize("name, word", [
    ("Kerry", "Керри"), ("Issekeshev", "Исекешевым"), ("Macron", "Макроном"), ("Parmon", "Пармоном"),
    ("Жумангарин", "Zhumangarin"), ("Vassilenko", "Василенко"), ("Koltsovo", "Кольцово"),
])
def test_names_match_across_scripts_and_cases(name: str, word: str) -> None:
    assert name_matches(skeleton(name), skeleton(word))


@pytest.mark.parametrize("name, word", [("Blinken", "Байден"), ("Lavrov", "Latvia"), ("Kerry", "Kenya")])
def test_different_names_do_not_match(name: str, word: str) -> None:
    assert not name_matches(skeleton(name), skeleton(word))


@pytest.mark.parametrize("text, code", [
    ("в Казахстане", "KZ"), ("с Японией", "JP"), ("в Чили", "CL"), ("в Китае", "CN"), ("Дании", "DK"),
])
def test_russian_country_names_in_every_case(text: str, code: str) -> None:
    assert find_countries(text) == [code]


def test_short_stems_do_not_collide() -> None:
    assert find_countries("Какие данные приводятся?") == [], "данные is not Дания"
    assert find_countries("Самое главное") == [], "самое is not Самоа"


def ask(capsys: pytest.CaptureFixture[str], question: str) -> dict[str, Any]:
    assert main(["ask", question, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("question, says, missing", [
    ("What was the volume of trade between Kazakhstan and Chile in 2023?", "not with Chile", ["CL"]),
    ("What did Antony Blinken discuss in Astana?", "don't mention Blinken", ["Blinken"]),
    ("What agreement did Kazakhstan and Algeria sign in Jeddah?", "say nothing about a signing", ["sign"]),
    ("What was Kazakhstan's trade with Estonia in 2021?", "nothing on this for 2021", ["2021"]),
    ("Какой объём торговли Казахстана с Японией?", "«Япония»", ["JP"]),
])
def test_questions_about_what_the_articles_lack_are_refused_saying_what(use_bundled: Path, capsys,
                                                                       question: str, says: str,
                                                                       missing: list[str]) -> None:
    answer = ask(capsys, question)
    assert answer["refused"] and answer["citations"] == []
    assert says in answer["answer"]
    assert answer["grounding"]["missing"] == missing and answer["grounding"]["articles"] == []
    assert answer["lang"] == analyze(question).lang


@pytest.mark.parametrize("question, says", [
    ("Какие учащиеся посетили христианские академии?", "В статьях ничего не сказано о визите."),
    ("Which students visited the academies?", "The articles say nothing about a visit."),
])
def test_a_refusal_for_a_relation_alone_names_no_subject(use_bundled: Path, question: str, says: str) -> None:
    """No country or name asked: the refusal says what is missing, not "mention —"."""
    from assistant.answer.extractive import Grounding

    answerer = build_service(Settings()).extractive
    asked = analyze(question)
    assert answerer._not_covered(asked, Grounding(asked, absent=list(asked.relations)), []) == says


def test_how_much_without_a_figure_is_refused(use_bundled: Path, capsys) -> None:
    answer = ask(capsys, "What was the volume of trade between Kazakhstan and Kenya in 2023?")
    assert answer["refused"] and "no figure" in answer["answer"]


@pytest.mark.parametrize("question, money", [
    ("Какого объёма в долларах достиг товарооборот России и Монголии?", True),
    ("How much in US dollars did Japan grant Mongolia?", True),
    ("How much did trade between Russia and Mongolia grow?", False),  # a percentage answers it
])
def test_an_amount_asked_in_a_currency_needs_a_sum_of_money(question: str, money: bool) -> None:
    from assistant.language.question import has_answer_of_type

    asked = analyze(question)
    assert asked.answer_type == AMOUNT and asked.asks_money is money
    growth = "Товарооборот между Россией и Монголией вырос в этом году на 21%."
    assert has_answer_of_type(AMOUNT, growth, asked.asks_money) is not money
    for sum_of_money in ("trade reached US $ 3.5 billion", "4,4 миллиарда долларов", "157.5 million US dollars"):
        assert has_answer_of_type(AMOUNT, sum_of_money, asked.asks_money)


@pytest.mark.parametrize("question, fact, source", [
    ("How much funding did Kazakhstan receive from the UNESCO Intangible Cultural Heritage Fund?", "99,600",
     "003_13e68caafd3a2efa.txt"),
    ("Who co-chaired the first Kazakhstan–US Joint Committee meeting on Science and Technology Cooperation "
     "on the Kazakh side?", "Issekeshev", "000_19ae565fc95b50e5.txt"),
    ("Who initiated the Critical Minerals Dialogue with Central Asia?", "Байден", "004_5f9d832c174a2bb2.txt"),
])
def test_the_sentence_with_the_kind_of_answer_asked_for_is_quoted(use_bundled: Path, capsys,
                                                                  question: str, fact: str, source: str) -> None:
    answer = ask(capsys, question)
    assert not answer["refused"] and fact in answer["answer"]
    assert {c["source"] for c in answer["citations"]} == {source}, "one article answers; no look-alikes cited"


def test_list_questions_cover_several_articles(use_bundled: Path, capsys) -> None:
    answer = ask(capsys, "What was Kazakhstan's trade with Estonia and with Portugal in 2023?")
    cited = {c["article_id"] for c in answer["citations"]}
    assert {"003_13e68caafd3a2efa.txt#06", "003_13e68caafd3a2efa.txt#08"} <= cited
    assert "(2 articles match)" in answer["answer"] and "157.5" in answer["answer"]


class CountingEmbedder(E5Embeddings):
    """The real bundled e5, counting what it is asked to embed."""

    def __init__(self, real: E5Embeddings) -> None:
        self.__dict__.update(real.__dict__)
        self.passages = 0
        self.queries: list[str] = []

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        self.passages += len(texts)
        return super().embed_passages(texts)

    def embed_query_vector(self, text: str) -> np.ndarray:
        self.queries.append(text)
        return super().embed_query_vector(text)


def test_answering_embeds_nothing_but_the_question(use_bundled: Path, embedder: E5Embeddings) -> None:
    counting = CountingEmbedder(embedder)
    service = AnswerService(Settings(), embedder=counting)
    answer = service.ask("What memorandum did Kazakhstan and Kenya sign in Nairobi?")
    assert not answer.refused and "political and diplomatic consultations" in answer.answer
    assert counting.passages == 0, "sentence vectors come from the index"
    assert set(counting.queries) == {"What memorandum did Kazakhstan and Kenya sign in Nairobi?"}


def test_sentence_index_is_reused(tmp_path: Path, embedder: E5Embeddings) -> None:
    """An ingest embeds only the sentences of new files. (An index from before the sentence index
    is refused with the rebuild command now: tests/test_index_faults.py.)"""
    corpus = copy_corpus(tmp_path / "corpus")
    settings = Settings(index_dir=tmp_path / "index", corpus_dir=corpus)
    first = ingest(IndexStore(settings, embedder), embedder)
    assert first.embedded_sentences > 100
    write_article(corpus, "extra.txt", "Kazakhstan and Mongolia signed a memorandum on transit in Astana on Monday.")
    second = ingest(IndexStore(settings, embedder), embedder)
    assert second.embedded_sentences == 1, "only the new file's sentence is embedded"
    assert IndexStore(settings, embedder).current().sentences is not None
    answer = AnswerService(settings, embedder=embedder).ask("What memorandum did Kazakhstan and Mongolia sign?")
    assert not answer.refused and answer.citations[0].source == "extra.txt"


def test_build_service_uses_the_settings_threshold(use_bundled: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    question = "What did the U.S. side praise Kazakhstan for in the nuclear field?"
    assert not build_service().ask(question).refused
    monkeypatch.setenv("ASSISTANT_REFUSAL_THRESHOLD", "1.01")  # above any evidence (0..1)
    answer = build_service().ask(question)
    assert answer.refused and answer.evidence is not None


@pytest.mark.parametrize("name, text", [
    ("Грейнджера", "The Grainger Market replaced an earlier market."),
    ("Ньюкасле", "Newcastle University is one of the UK's leading universities."),
    ("Ньюкаслский", "Newcastle University is one of the UK's leading universities."),
    ("Кирни", "The neighborhood includes Kearney Boulevard."),
    ("Лаудона", "Abercrombie was second in command to Lord Loudoun."),
    ("Scholz", "Токаев провёл переговоры с Олафом Шольцем."),
    ("Toghrul", "Покровитель Темучина Тогрул был изгнан."),
    ("Гарварда", "Several heads of state studied at Harvard."),  # Г for H
    ("Хубилая", "The Yuan court of Kublai ran short of money."),  # Х for K
    ("Эль-Сентро", "The El Centro metropolitan area lies to the east."),  # a soft c; part by part
    ("Лос-Анджелеса", "Greater Los Angeles has about 18 million people."),
    ("Тридцатилетней", "Plague outbreaks followed troops in the Thirty Years' War."),
    ("Цзиньпином", "Xi Jinping met the President in Tianjin."),  # pinyin j and -ng, Palladius цз and -н
    ("Jinping", "Садыр Жапаров встретился с Си Цзиньпином."),
    ("Тяньцзине", "Xi Jinping met the President in Tianjin."),
])
def test_a_name_is_found_in_another_script_in_any_case(name: str, text: str) -> None:
    """A question in one language about an article in the other must not be refused because
    the article spells the name in its own script (Грейнджера / Grainger)."""
    assert TextFacts.of(text).has_name(name)


@pytest.mark.parametrize("name, text", [
    ("Bodhisattva", "Церковь выступает против бездействия властей."),  # a common word one consonant off
    ("Broadmeadows", "Завод Форда находится в Джилонге."),
    ("Бингеном", "The Rhine flows through Basel and Cologne."),
    ("Шольцем", "T cells of the immune system."),  # cells read with a soft c would be Шольц's s-l-s
    ("Лос-Анджелеса", "The San Diego area lies to the south."),
    ("Гарварда", "He studied at Oxford."),
])
def test_an_absent_name_stays_absent_across_scripts(name: str, text: str) -> None:
    assert not TextFacts.of(text).has_name(name)


def test_an_acronym_is_not_required_of_a_text_in_another_script() -> None:
    """МГЭИК is IPCC: translated, not transliterated, so an English article cannot be asked for it;
    a Russian one still is."""
    assert TextFacts.of("Hoesung Lee is the chair of the IPCC.").has_name("МГЭИК")
    assert not TextFacts.of("Председатель ВМО Петтери Таалас.").has_name("МГЭИК")


def test_a_latin_word_with_a_diacritic_is_no_russian_word() -> None:
    """Erdoğan is not Cyrillic: an English article quoting him still has no word in the script of
    a Russian acronym, which it is then not held to."""
    assert TextFacts.of("Erdoğan and Aliyev signed the documents in Baku.").has_name("ОЭС")
    assert not TextFacts.of("Эрдоган и Алиев подписали документы.").has_name("ОЭС")


def test_of_several_years_asked_an_article_needs_one() -> None:
    """'Where did they meet in 2022 and 2025?' spans two articles, one a year; an article of
    neither year still misses them, and a period ('from 2000 to 2005') needs both ends."""
    question = analyze("Where did Japarov meet Xi Jinping in 2022 and 2025?")
    assert missing_constraints(question, TextFacts.of("Japarov met Xi Jinping in Tianjin.", date="2025-08-31")) == []
    assert missing_constraints(question, TextFacts.of("Japarov met Xi Jinping.", date="2023-01-05")) == [
        "2022", "2025"]
    period = analyze("How much forest was cleared from 2000 to 2005?")  # a period: both ends in one article
    assert missing_constraints(period, TextFacts.of("In 2000 the forest covered 4 million km2.")) == ["2005"]
    one_year = analyze("Where did Japarov meet Xi Jinping in 2022?")
    assert missing_constraints(one_year, TextFacts.of("Japarov met Xi Jinping.", date="2025-08-31")) == ["2022"]


def test_a_year_a_dated_article_gives_relative_to_its_date_counts() -> None:
    """'В прошлом году товарооборот достиг $14 млрд' in an article of 2025 is 2024's turnover: a
    question about 2024 is not refused for want of the digits; 'next year' likewise, and an
    undated article gains no year from it."""
    question = analyze("What turnover did Uzbekistan and China reach in 2024?")
    dated = TextFacts.of("В прошлом году товарооборот между Узбекистаном и Китаем достиг $14 млрд.", date="2025-09-02")
    assert "2024" in dated.years and "2024" not in missing_constraints(question, dated)
    assert "2021" in TextFacts.of("Trade will double next year, the minister said.", date="2020-03-01").years
    assert "2024" in missing_constraints(question, TextFacts.of("Last year trade reached $14 billion."))
    assert "2024" in missing_constraints(question, TextFacts.of("Trade reached $14 billion this year.",
                                                                date="2025-09-02"))
    assert "2024" in TextFacts.of("They met again after last year's forum.", date="2025-01-01").years
    assert "2024" not in TextFacts.of("Trade doubled over the last year.", date="2025-01-01").years, "12 months"


def test_coordinated_parts_may_each_stand_in_their_own_article() -> None:
    """'…with Chinese partners in May 2023 and with the Shihezi zone' asks of two articles: one
    of 2023, one on Shihezi. An article needs one part; the subject before the parallel phrases
    ('What did Vassilenko discuss with Tirs and with Amaral?') every article needs."""
    question = analyze("Which documents did Uzbekistan conclude with Chinese partners in May 2023 "
                       "and with the Shihezi zone?")
    assert question.parts == (("2023",), ("Shihezi",)) and question.is_list
    both = ("UZ", "CN")
    assert missing_constraints(question, TextFacts.of("A memorandum was signed with the Shihezi zone.", both,
                                                      date="2026-01-15")) == []
    assert missing_constraints(question, TextFacts.of("Documents were signed in Xi'an.", both, "2023-05-19")) == []
    assert missing_constraints(question, TextFacts.of("Documents were signed.", both, "2024-05-19")) == ["2023"]
    subject = analyze("What did Vassilenko discuss with Tirs and with Amaral?")
    assert subject.parts == (("Tirs",), ("Amaral",))
    assert missing_constraints(subject, TextFacts.of("The minister discussed trade with Amaral.")) == ["Vassilenko"]
    assert missing_constraints(subject, TextFacts.of("Vassilenko discussed trade with Amaral.")) == []
    assert analyze("What is the trade between Turkey and Azerbaijan?").parts == (), "two countries: no parts"
    assert analyze("When did Kerry meet Idrissov and what did they discuss?").parts == (), "one part has anchors"
    trailing = analyze("When did Tokayev meet with Mirziyoyev and with Japarov in 2024?")
    assert trailing.parts == (("Mirziyoyev",), ("Japarov",)), "a closing year dates every part"
    assert missing_constraints(trailing, TextFacts.of("Tokayev met Mirziyoyev.", date="2019-05-01")) == ["2024"]
    fixed = analyze("Какие вопросы обсудили Василенко с Тирсом в ходе встречи и по итогам переговоров в 2023 году?")
    assert fixed.parts == (), "'в ходе' opens no parallel phrase, and the closing year is shared"
    signed = analyze("Which Kyrgyz-Russian documents were signed in Bishkek in October 2023, and what agreement "
                     "did Japarov mention in Krasnoyarsk?")
    assert signed.parts == (("2023", "sign"), ("Japarov", "Krasnoyarsk")), "the signing is the first part's"
    krasnoyarsk = TextFacts.of("Japarov mentioned the agreement on nine schools in Krasnoyarsk.", ("KG", "RU"))
    assert missing_constraints(signed, krasnoyarsk) == []
    clause = analyze("How did Kobakhidze describe the application, and how did Zourabichvili call the decision "
                     "in December 2023?")
    assert clause.parts == (("Kobakhidze",), ("Zourabichvili", "2023")), "a clause of its own keeps its year"
    ankara = analyze("What did Erdogan and Aliyev sign in Shusha in June 2021, and which documents were signed "
                     "after their talks in Ankara?")
    assert ankara.clauses == ("What did Erdogan and Aliyev sign in Shusha in June 2021",
                              "which documents were signed after their talks in Ankara")
    assert ankara.parts == (("Aliyev", "Shusha", "2021", "sign"), ("sign",)), "a question of its own: its own part"
    assert missing_constraints(ankara, TextFacts.of("Bilateral documents were signed in Ankara.", ("AZ", "TR"))) == []
    assert analyze("Which leaders held talks with Abe, and in what capacity did each meet him?").clauses == (
        "Which leaders held talks with Abe", "in what capacity did each meet him")
    assert analyze("What did Vassilenko discuss with Tirs and with Amaral?").clauses == ()
    assert analyze("Is there a link between capitalism, imperialism, and what?").clauses == (), "an ellipsis"
    assert analyze("Как и когда чума проникла в Европу?").clauses == (), "two question words, one question"
    assert analyze('In "Georgia and the EU: visas, roads and security", what is said?').items == ()
    assert analyze("Note: answer briefly, in Russian. Who chaired the meeting?").items == ()


def test_countries_are_apart_only_when_the_coordination_separates_them() -> None:
    """'Trade with Estonia and with Portugal' asks of each in its own article; 'What did France
    agree to hand to Armenia and when?' is one relation, whatever follows the 'and'."""
    assert analyze("What was trade with Estonia and with Portugal in 2023?").countries_apart
    assert not analyze("What equipment did France agree to hand to Armenia and when?").countries_apart
    assert not analyze("How much did trade between Turkey and Azerbaijan reach?").countries_apart
    assert analyze("Which countries did Kazakhstan trade with: Estonia and Portugal?").countries_apart


def test_one_relation_is_answered_from_the_articles_on_both_countries_only_when_the_best_is() -> None:
    """'France agreed to hand Armenia…' with the best article on both: an article on France
    alone (a radar deal with Kazakhstan) is not quoted beside it. When the best article is on one
    country, a roundup naming both in passing does not push out the articles that answer."""
    from assistant.answer.extractive import ExtractiveAnswerer
    from assistant.core.records import Article, ChunkRecord, Hit

    from .fakes import HashEmbedder

    def hit(name: str, countries: tuple[str, ...], text: str, score: float) -> Hit:
        article = Article(id=name, title=name, text=text, source=name, date="2023-06-01", countries=countries)
        return Hit(ChunkRecord(f"{name}#0", name, 0, 0, len(text), text), article, score, dense=score)

    answerer = ExtractiveAnswerer(HashEmbedder(), threshold=0.0)
    armenia = [hit("am-fr.txt", ("AM", "FR"), "France agreed to hand Armenia armoured vehicles, the minister said.",
                   0.9),
               hit("fr-kz.txt", ("FR",), "France agreed to hand Kazakhstan radar equipment worth 5 million euros.",
                   0.8)]
    answer = answerer.answer("What equipment did France agree to hand to Armenia?", armenia)
    assert [c.article_id for c in answer.citations] == ["am-fr.txt"]
    trade = [hit("tr.txt", ("TR",), "Kazakhstan's trade turnover with Turkey reached 6 billion dollars in 2023.", 0.9),
             hit("az.txt", ("AZ",), "Kazakhstan's trade turnover with Azerbaijan reached 500 million dollars in 2023.",
                 0.8),
             hit("roundup.txt", ("TR", "AZ"), "The Turkey and Azerbaijan transport corridor was discussed in 2023.",
                 0.7)]
    answer = answerer.answer("What was Kazakhstan's trade turnover with Turkey and Azerbaijan in 2023?", trade)
    assert {"tr.txt", "az.txt"} <= {c.article_id for c in answer.citations}, answer.answer


def test_an_enumeration_s_items_are_parts_and_a_numbered_event_is_a_constraint() -> None:
    """'Summarise Kyrgyz–Russian trade: the 2022 turnover, the 2023 turnover cited in Krasnoyarsk…'
    asks each item of its own article (Krasnoyarsk is not asked of the 2022 one). 'The 24th
    meeting' is another event than the 25th: an article naming only the 25th misses it; one
    writing 'the tenth' has the 10th; a century ('19th century', Roman in Russian) or a decade is
    no event."""
    question = analyze("Summarise Kyrgyz-Russian trade: the 2022 turnover, the 2023 turnover cited at the "
                       "commission in Krasnoyarsk, and the target the two sides set.")
    assert question.parts == (("2022", "trade"), ("Krasnoyarsk", "2023", "trade"))
    both = ("KG", "RU")
    assert missing_constraints(question, TextFacts.of("In 2022 trade grew by 37%.", both)) == []
    meeting = analyze("В каком городе прошло 24-е заседание межправительственной комиссии?")
    assert meeting.ordinals == ("24-е",)
    assert missing_constraints(meeting, TextFacts.of("The 25th meeting of the commission was held in Krasnoyarsk.")
                               ) == ["24-е"]
    assert missing_constraints(meeting, TextFacts.of("24-е заседание комиссии прошло в Бишкеке.")) == []
    assert missing_constraints(meeting, TextFacts.of("Состоялось XXIV заседание комиссии.")) == [], "Roman numerals"
    assert missing_constraints(meeting, TextFacts.of("Состоялось XXV заседание комиссии.")) == ["24-е"]
    assert analyze("Что произошло 1-го июля?").ordinals == (), "a date, no numbered event"
    tenth = TextFacts.of("He played the Tenth Doctor.")
    assert missing_constraints(analyze("Who played the 10th Doctor?"), tenth) == []
    assert analyze("What changed in the 19th century?").ordinals == ()
    assert analyze("Что изменилось в 90-е годы?").ordinals == (), "a decade (the 1990s), no numbered event"


@pytest.mark.parametrize("sentence", ["Mongolia provided 100,000 U.S. dollars in aid.", "Aid of 100 yen a head.",
                                      "Грант составил 5 000 рублей.", "The loan is 300 yuan.", "Взнос — 100 сомов."])
def test_an_amount_in_any_common_currency_is_a_figure(sentence: str) -> None:
    """'100,000 U.S. dollars' was no figure to a "how much" question, which was then refused;
    a word that only begins like a currency ('5 сомнений', '12 Сомали') is none."""
    from assistant.language.question import AMOUNT, has_answer_of_type

    assert has_answer_of_type(AMOUNT, sentence)
    assert not has_answer_of_type(AMOUNT, "Было 5 сомнений и 12 Сомали.")


def test_an_amount_check_is_linear_in_a_run_of_numbers() -> None:
    """A table of bare numbers made the figure pattern backtrack (seconds per sentence)."""
    import time

    from assistant.language.question import AMOUNT, has_answer_of_type

    started = time.perf_counter()
    assert not has_answer_of_type(AMOUNT, "1 " * 5000)
    assert time.perf_counter() - started < 1.0


def test_the_direct_answer_reads_a_run_of_years_in_linear_time() -> None:
    """The bold direct answer's amount pattern took 1.9 s on 2,000 characters of "2023 " (an
    adversarial run's find); its figures with spaced thousands are still read whole."""
    import time

    from assistant.language.direct import _AMOUNT_SPAN

    started = time.perf_counter()
    assert not _AMOUNT_SPAN.search("2023 " * 2000)
    assert time.perf_counter() - started < 1.0
    assert [m.group() for m in _AMOUNT_SPAN.finditer("составил 1 234,5 млн долларов, а $157.5 million")] == \
        ["1 234,5 млн долларов", "$157.5 million"]


def test_an_answer_to_coordinated_parts_quotes_the_sentence_of_each() -> None:
    """Each part is quoted from a sentence that names it (the Shihezi memorandum, not its
    article's best sentence on trade); a part no allowed article meets refuses the whole."""
    from assistant.answer.extractive import ExtractiveAnswerer
    from assistant.core.records import Article, ChunkRecord, Hit

    from .fakes import HashEmbedder

    def hit(name: str, date: str, text: str, score: float) -> Hit:
        article = Article(id=name, title=f"Uzbekistan and China, {date[:4]}", text=text, source=name, date=date,
                          countries=("UZ", "CN"))
        return Hit(ChunkRecord(f"{name}#0", name, 0, 0, len(text), text), article, score, dense=score)

    may = hit("may.txt", "2023-05-19", "Uzbekistan and China signed documents on technical and economic "
              "cooperation in Xi'an on Friday.", 0.9)
    zone = hit("zone.txt", "2026-01-15", "Uzbekistan and China documents on industrial zones were discussed in "
               "Tashkent at length. A memorandum of cooperation was signed with the Shihezi development zone "
               "of China.", 0.8)
    answerer = ExtractiveAnswerer(HashEmbedder(), threshold=0.0)
    question = "Which documents did Uzbekistan conclude with Chinese partners in May 2023 and with the Shihezi zone?"
    answer = answerer.answer(question, [may, zone])
    assert not answer.refused and {c.article_id for c in answer.citations} == {"may.txt", "zone.txt"}
    assert "memorandum of cooperation was signed with the Shihezi" in answer.answer
    alone = answerer.answer(question, [may])
    assert alone.refused and "Shihezi" in alone.answer


def test_an_enumeration_after_a_colon_is_asked_item_by_item() -> None:
    """'…with their dates: the start of visa-free travel, the membership application and the
    granting of candidate status' asks three things (dates, so a date is the kind of answer);
    each item keeps the head before the colon. A clock time or a head with no words is no
    enumeration, nor a list of more items than a question's parts."""
    question = analyze("Give three milestones of Georgia-EU relations with their dates: the start of visa-free "
                       "travel, the EU membership application and the granting of candidate status.")
    assert question.answer_type == DATE and question.is_list
    assert [item.split(": ")[1] for item in question.items] == [
        "the start of visa-free travel", "the EU membership application", "the granting of candidate status"]
    assert all(item.startswith("Give three milestones of Georgia-EU relations") for item in question.items)
    assert analyze("What happened at 10:30 and at 11:00?").items == ()
    assert analyze("Name them: a, b, c, d, e, f and g of the treaty.").items == ()


def test_each_enumerated_item_is_quoted_from_the_sentence_that_answers_it() -> None:
    """The best sentence answers one item; the others are quoted from the sentences most like
    them, and an item a quoted sentence already answers adds nothing."""
    from assistant.answer.extractive import ExtractiveAnswerer
    from assistant.core.records import Article, ChunkRecord, Hit

    from .fakes import HashEmbedder

    def hit(name: str, text: str, score: float) -> Hit:
        article = Article(id=name, title=f"Georgia and the EU: {name}", text=text, source=name, date="2023-12-15",
                          countries=("GE", "EU"))
        return Hit(ChunkRecord(f"{name}#0", name, 0, 0, len(text), text), article, score, dense=score)

    hits = [hit("visa.txt", "Visa-free travel for Georgians to the EU started on 28 March 2017, officials said. "
                "Tourism operators expect more visitors from Georgia this summer.", 0.9),
            hit("status.txt", "The granting of candidate status to Georgia came on 14 December 2023 in Brussels. "
                "The EU membership application of Georgia was filed on 3 March 2022 in Tbilisi.", 0.8)]
    answerer = ExtractiveAnswerer(HashEmbedder(), threshold=0.0, max_sentences=1)
    answer = answerer.answer("When did these happen: visa-free travel for Georgians started, the EU membership "
                             "application was filed, candidate status came?", hits)
    assert not answer.refused
    assert all(date in answer.answer for date in ("28 March 2017", "14 December 2023", "3 March 2022")), answer.answer
    plain = answerer.answer("When did visa-free travel for Georgians to the EU start?", hits)
    assert "3 March 2022" not in plain.answer, "no enumeration: no item quoted beyond the answer's context"


def test_two_countries_in_one_phrase_need_an_article_on_both() -> None:
    """"FDI in Mongolia's economy from Russia" is one relation: the Kyrgyz figure for Russian
    investment is no answer. Countries coordinated apart ("the Estonian ambassador and the
    Portuguese chargé") may each stand in their own article."""
    from assistant.answer.extractive import ExtractiveAnswerer
    from assistant.core.records import Article, ChunkRecord, Hit

    from .fakes import HashEmbedder

    def hit(name: str, text: str, countries: tuple[str, ...], score: float) -> Hit:
        article = Article(id=name, title=name, text=text, source=name, date="2023-10-12", countries=countries)
        return Hit(ChunkRecord(f"{name}#0", name, 0, 0, len(text), text), article, score, dense=score)

    kyrgyz = hit("kg.txt", "Russian investments make up about 36% of all foreign direct investment in the Kyrgyz "
                 "economy, the Russian side said.", ("KG", "RU"), 0.9)
    mongolia = hit("mn.txt", "Mongolia and Japan signed an agreement on the economic partnership in Tokyo.",
                   ("MN", "JP"), 0.8)
    bound = analyze("What share of foreign direct investment in Mongolia's economy comes from Russia?")
    assert bound.countries_bound and not analyze("What did the Estonian ambassador and the Portuguese chargé "
                                                 "d'affaires discuss?").countries_bound
    answerer = ExtractiveAnswerer(HashEmbedder(), threshold=0.0)
    assert answerer.answer(bound.text, [kyrgyz, mongolia]).refused
    both = hit("mn-ru.txt", "Russian investments account for 20% of foreign direct investment in Mongolia's economy.",
               ("MN", "RU"), 0.7)
    answer = answerer.answer(bound.text, [kyrgyz, mongolia, both])
    assert not answer.refused and {c.article_id for c in answer.citations} == {"mn-ru.txt"}


def test_a_sentence_opening_a_list_of_documents_brings_its_items() -> None:
    """Agency news lists the agreements signed after the sentence that says documents were
    signed, one item per line closed by a semicolon: the sentence the question matches names
    none of them. A list question quotes the items up to the one closed by a full stop; a
    question that asks for one thing does not, nor does a sentence followed by plain prose."""
    from assistant.answer.extractive import ExtractiveAnswerer
    from assistant.core.records import Article, ChunkRecord, Hit

    from .fakes import HashEmbedder

    def hit(name: str, text: str) -> Hit:
        article = Article(id=name, title="Azerbaijan and Turkiye", text=text, source=name, date="2024-05-02",
                          countries=("AZ", "TR"))
        return Hit(ChunkRecord(f"{name}#0", name, 0, 0, len(text), text), article, 0.9, dense=0.9)

    listed = hit("ankara.txt", "After the talks, bilateral documents were signed in Ankara.\n"
                 "The ministries signed a memorandum on the Turkish-Azerbaijani University;\n"
                 "An agreement on veterinary medicine was signed by the ministers;\n"
                 "An agreement on double taxation was signed by the ministers of finance.\n"
                 "The leaders then held a press conference on regional transport.")
    answerer = ExtractiveAnswerer(HashEmbedder(), threshold=0.0, max_sentences=1)
    answer = answerer.answer("Which documents were signed in Ankara?", [listed])
    assert all(item in answer.answer for item in ("University", "veterinary", "double taxation")), answer.answer
    assert "press conference" not in answer.answer, "the list ends at its full stop"
    prose = hit("prose.txt", "After the talks, bilateral documents were signed in Ankara. The ministers praised the "
                "University. They discussed veterinary medicine. They discussed double taxation.")
    plain = answerer.answer("Which documents were signed in Ankara?", [prose])
    assert not all(item in plain.answer for item in ("University", "veterinary", "double taxation")), plain.answer


def test_a_short_chinese_name_is_found_in_the_other_script_by_its_reading() -> None:
    """Li Qiang is Ли Цян in Russian news: two consonants, too few for the consonant code, so
    'The articles don't mention Qiang' refused a covered question. The whole reading (pinyin in
    the Russian system) matches; a word sharing only the consonants (Сиань, Xi'an) does not."""
    assert TextFacts.of("Председатель Госсовета КНР Ли Цян заявил о росте торговли.").has_name("Qiang")
    assert TextFacts.of("Chinese Premier Li Qiang met the president. Источник: агентство").has_name("Цяном")
    assert TextFacts.of("Министр Ван И провёл переговоры.").has_name("Wang")
    assert not TextFacts.of("Саммит прошёл в Сиане, сообщает агентство.").has_name("Qiang")
    assert not TextFacts.of("Председатель Госсовета заявил о росте торговли.").has_name("Qiang")


@pytest.mark.parametrize("name, word, text", [
    ("Уотерфилд", "Waterfield", "Victoria Waterfield joined the Doctor."),  # у for w: the consonant codes differ
    ("Джамуха", "Jamukha", "Temüjin and Jamukha fought over the steppe."),  # дж and kh: a consonant too many
    ("Эша", "Esch", "Reformers such as Esch were burned in Brussels."),  # too few consonants for a code
    ("Eero", "Эро", "Архитектор Эро Сааринен спроектировал здание."),
])
def test_a_name_is_found_across_scripts_by_its_spelling_vowels_included(name: str, word: str, text: str) -> None:
    """XQuAD's translators spell these as the article does; the consonant codes missed them, so the
    claim check struck a faithful translation."""
    assert spells_same_name(name, word)
    assert TextFacts.of(text).has_name_across_scripts(name)


def _full_distance(a: str, b: str) -> float:
    """The weighted edit distance with its whole table, as `_distance` computed it before it stopped early."""
    previous = [0.0]
    for letter in b:
        previous.append(previous[-1] + _GAPS[letter])
    for x in a:
        current = [previous[0] + _GAPS[x]]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + _GAPS[x], current[j - 1] + _GAPS[y], previous[j - 1] + _SWAPS[x, y]))
        previous = current
    return previous[-1]


def test_the_spelling_distance_stops_early_only_past_the_limit() -> None:
    """`_distance` gives up once a row of its table passes `SPELLING_DISTANCE` (a lower bound, the
    costs being positive): every pair within the limit keeps its exact distance, every pair past it
    is past it either way (the XQuAD names above and a few that are no match)."""
    words = ["waterfield", "uoterfild", "jamuha", "djamuha", "esh", "esha", "eero", "ero", "markus", "markova",
             "pedro", "petrova", "shmidta", "shmits", "saarinen", "sarinen", "augustine", "avgustina"]
    within = 0
    for a in words:
        for b in words:
            full, fast = _full_distance(a, b), _distance(a, b)
            limit = SPELLING_DISTANCE * max(len(a), len(b))
            assert (full <= limit) == (fast <= limit)
            if full <= limit:
                within += 1
                assert fast == full
    assert within > len(words)  # some pairs besides each word with itself are within


@pytest.mark.parametrize("name, text", [
    ("Евфрата", "The Franks reached the Euphrates valley."),  # Greek eu is Russian ев, and -es is dropped
    ("Августина", "The storm passed near St. Augustine in 1964."),  # Latin au is Russian ав
    ("Пробоула", "Four players were selected for the Pro Bowl."),  # two words the other script writes as one
])
def test_names_russian_renders_by_convention_are_found_across_scripts(name: str, text: str) -> None:
    """XQuAD's cross-language questions were refused: "В статьях не упоминается: Евфрата"."""
    assert TextFacts.of(text).has_name(name)


@pytest.mark.parametrize("name, text", [
    ("Холаберд", "Goldman Sachs CEO Brady Dougan spoke."),  # an acronym is no part of a two-word name
    ("Пробоула", "Four players were selected for the Pro team."),
])
def test_joined_spellings_do_not_match_other_names(name: str, text: str) -> None:
    assert not TextFacts.of(text).has_name(name)


@pytest.mark.parametrize("name, word", [("Маркова", "Markus"), ("Петрова", "Pedro"), ("Шмидта", "Schmitz"),
                                        ("Ли", "Li")])
def test_names_a_few_letters_apart_are_different_names(name: str, word: str) -> None:
    assert not spells_same_name(name, word)


def test_a_common_word_opening_a_sentence_is_no_name_across_scripts() -> None:
    """"Soon" is one vowel from Сены's stem, and capitalised at a sentence's start: not a name."""
    assert not TextFacts.of("Soon after, the king left the city.").has_name_across_scripts("Сены")


@pytest.mark.parametrize("name, word", [("Белла", "Bell"), ("Янгом", "Young"), ("Рида", "Reed")])
def test_a_common_word_written_as_a_name_is_found_across_scripts(name: str, word: str) -> None:
    """Bell, Young and Reed are common English words, which a name is not matched to by its
    spelling (Soon ~ Сены); capitalised after another word they are names (XQuAD's translations of
    "William Trent" and "Ward" were struck so). Not in lower case, nor opening a sentence."""
    assert TextFacts.of(f"The talks were chaired by Mr {word} in Geneva.").has_name_across_scripts(name)
    assert not TextFacts.of(f"The talks were chaired by mr {word.lower()} in Geneva.").has_name_across_scripts(name)
    assert not TextFacts.of(f"{word} chaired the talks in Geneva.").has_name_across_scripts(name)


def test_a_name_too_short_to_match_across_scripts_is_only_required_in_its_own() -> None:
    """Мота, Юаня: under three consonants, too little to tell a transliteration from chance, so
    an English text is not held to them; a Russian text still is."""
    assert TextFacts.of("Mote thought the Yuan classes were not social classes.").has_name("Мота")
    assert not TextFacts.of("Историк полагал, что классов не было.").has_name("Мота")


@pytest.mark.parametrize("question", ["Summarise the figures on Uzbekistan-China trade.",
                                      "Перечислите некоторые из крупных фармацевтических компаний.",
                                      "Назовите три этапа отношений Грузии и ЕС."])
def test_the_opening_request_is_not_a_name(question: str) -> None:
    """'The articles don't mention Summarise' was a refusal of a plain request."""
    assert analyze(question).names == ()


def test_a_russian_adjective_is_not_required_of_an_english_text() -> None:
    """Семилетняя война is the Seven Years' War: an adjective is translated, not transliterated;
    a Russian text is still asked for it, and a surname in a case form is no adjective."""
    assert TextFacts.of("The Seven Years' War lasted from 1756 to 1763.").has_name("Семилетняя")
    assert not TextFacts.of("Война длилась семь лет.").has_name("Семилетняя")
    assert not TextFacts.of("The delegation met in Astana.").has_name("Пармоном")


def test_an_answer_about_separate_years_quotes_an_article_for_each() -> None:
    """'Where did they meet in 2022 and in 2025?': grounding found each year in some article, so
    the answer quotes one article of each, not only the best one's sentences."""
    from assistant.answer.extractive import ExtractiveAnswerer
    from assistant.core.records import Article, ChunkRecord, Hit

    from .fakes import HashEmbedder

    def hit(name: str, date: str, text: str, score: float) -> Hit:
        article = Article(id=name, title=f"Japarov and Xi, {date[:4]}", text=text, source=name, date=date)
        return Hit(ChunkRecord(f"{name}#0", name, 0, 0, len(text), text), article, score, dense=score)

    hits = [hit("tianjin.txt", "2025-08-31", "Sadyr Japarov met Xi Jinping in Tianjin on Sunday. The leaders "
                "discussed where Japarov and Xi Jinping would meet again and transport links.", 0.9),
            hit("beijing.txt", "2022-02-06", "Sadyr Japarov held talks with Xi Jinping in Beijing. They agreed on "
                "vaccine supplies for the coming winter season.", 0.6)]
    answerer = ExtractiveAnswerer(HashEmbedder(), threshold=0.0)
    answer = answerer.answer("Where did Sadyr Japarov meet Xi Jinping in 2022 and 2025?", hits)
    assert not answer.refused and {c.article_id for c in answer.citations} == {"tianjin.txt", "beijing.txt"}
    assert answer.direct_answer is None, "one bold place would stand for one of the two years"
    one_year = answerer.answer("Where did Sadyr Japarov meet Xi Jinping in 2025?", hits)
    assert [c.article_id for c in one_year.citations] == ["tianjin.txt"], "one year asked: its article alone"


def test_a_relation_between_two_countries_is_no_list_but_two_countries_apart_are() -> None:
    """'Trade between Turkey and Azerbaijan' is one relation: an article about both answers it
    alone, not beside every other article on either. 'Trade with Estonia and with Portugal', each
    in its own article, stays a list of both."""
    from dataclasses import replace

    from assistant.answer.extractive import ExtractiveAnswerer
    from assistant.answer.scorer import load_model
    from assistant.core.records import Article, ChunkRecord, Hit

    from .fakes import HashEmbedder

    def hit(name: str, text: str, score: float) -> Hit:
        article = Article(id=name, title=name, text=text, source=name, date="2023-05-01")
        return Hit(ChunkRecord(f"{name}#0", name, 0, 0, len(text), text), article, score, dense=score)

    answerer = ExtractiveAnswerer(HashEmbedder(), threshold=0.0)
    both = [hit("ankara.txt", "Trade between Turkey and Azerbaijan reached 7.5 billion dollars in 2023, "
                "Erdogan said in Ankara.", 0.9),
            hit("baku.txt", "How much trade between Turkey and Azerbaijan will reach in 2024 was discussed "
                "in Baku.", 0.8)]
    answer = answerer.answer("How much did trade between Turkey and Azerbaijan reach in 2023?", both)
    assert [c.article_id for c in answer.citations] == ["ankara.txt"], answer.answer
    wide = ExtractiveAnswerer(HashEmbedder(), threshold=0.0, model=replace(load_model(), list_margin=100.0))
    listed = wide.answer("Which documents did Turkey and Azerbaijan sign in 2023?", [
        hit("shusha.txt", "Turkey and Azerbaijan signed the Shusha Declaration in 2023.", 0.9),
        hit("ankara.txt", "Turkey and Azerbaijan signed a treaty on a university in Ankara in 2023.", 0.8),
        hit("turkey.txt", "Turkey and Georgia signed documents on energy in 2023.", 0.7)])
    assert {c.article_id for c in listed.citations} == {"shusha.txt", "ankara.txt"}, "each must concern both"
    apart = [hit("estonia.txt", "Trade between Kazakhstan and Estonia reached 157.5 million dollars in 2023.", 0.9),
             hit("portugal.txt", "Trade between Kazakhstan and Portugal reached 40 million dollars in 2023.", 0.8)]
    listed = answerer.answer("How much did trade with Estonia and with Portugal reach in 2023?", apart)
    assert {c.article_id for c in listed.citations} == {"estonia.txt", "portugal.txt"}, listed.answer


def _hit_in(name: str, text: str, lang: str) -> Hit:
    """A retrieved hit on a one-chunk article in `lang`."""
    article = Article(id=name, title=name, text=text, source=name, date="2023-05-01", lang=lang)
    return Hit(ChunkRecord(f"{name}#0", name, 0, 0, len(text), text), article, 0.9, dense=0.9)


def test_a_question_term_missing_from_the_whole_article_is_measured_in_its_own_language_only() -> None:
    """A question about a held-out paragraph shares the article's topic words, not its specific
    ones: `uncovered` is the IDF share of the question's terms no sentence of the article holds. An
    article in the other language shares no term by construction, so it measures nothing there."""
    from assistant.answer.extractive import ExtractiveAnswerer
    from assistant.language.question import analyze

    from .fakes import HashEmbedder

    hit = _hit_in
    answerer = ExtractiveAnswerer(HashEmbedder(), threshold=0.0)
    english = hit("en.txt", "The quarterback threw three touchdowns in the final game of the season. "
                  "The team celebrated the championship in Denver with its fans.", "en")
    russian = hit("ru.txt", "Команда отпраздновала победу в чемпионате вместе с болельщиками в Денвере.", "ru")
    hits = [english, russian]

    def uncovered(question: str) -> dict[str, float]:
        found = answerer.candidates(analyze(question), hits, {"en.txt", "ru.txt"})
        return {c.hit.article.id: c.uncovered for c in found}

    answered = uncovered("Which quarterback threw three touchdowns in the final game?")
    assert answered["ru.txt"] == 0.0 and answered["en.txt"] < 0.2, answered  # only 'which' (IDF 1 here)
    held_out = uncovered("Which quarterback threw three interceptions in the final game?")
    assert held_out["en.txt"] > answered["en.txt"] + 0.1, "'interceptions' is nowhere in the article"
    assert held_out["ru.txt"] == 0.0, "across languages no term can match: nothing is measured"


def test_an_ordinary_word_finds_its_translation_in_the_other_language() -> None:
    """"team" and "championship" hold a Russian sentence through the lexicon (`translated`), not
    through a shared stem (`lexical` stays 0 there); a sentence in the question's own language
    shares its stems as before and is never credited a translation."""
    from assistant.answer.extractive import ExtractiveAnswerer
    from assistant.language.question import analyze

    from .fakes import HashEmbedder

    hit = _hit_in
    answerer = ExtractiveAnswerer(HashEmbedder(), threshold=0.0)
    russian = hit("ru.txt", "Команда отпраздновала победу в чемпионате вместе с болельщиками в Денвере. "
                  "Погода в тот день была холодной и ветреной.", "ru")
    english = hit("en.txt", "The team celebrated the championship with its fans in Denver.", "en")
    found = answerer.candidates(analyze("Where did the team celebrate the championship?"), [russian, english],
                                {"ru.txt", "en.txt"})
    by_text = {c.text.split()[0]: c for c in found}
    assert by_text["Команда"].translated > 0.3 and by_text["Команда"].lexical == 0.0, by_text["Команда"].values
    assert by_text["Погода"].translated == 0.0, "no word of the question in that sentence, in any language"
    assert by_text["The"].lexical > 0.3 and by_text["The"].translated == 0.0, by_text["The"].values


def test_a_year_asked_is_answered_by_a_sentence_holding_one_or_refused() -> None:
    """"In what year…" is answered from a sentence that holds a year and shares something with the
    question, however much better another sentence ranks; with no such sentence it is refused as
    giving no year, not answered with "in the final years of the era"."""
    from assistant.answer.extractive import ExtractiveAnswerer

    from .fakes import HashEmbedder

    answerer = ExtractiveAnswerer(HashEmbedder(), threshold=0.0)
    undated = _hit_in("schools.txt", "In the final years of the apartheid era, the Schools Act let white schools "
                      "admit children of other races. The Schools Act recognised two types of schools.", "en")
    refused = answerer.answer("In what year was the Schools Act passed?", [undated])
    assert refused.refused and "no year" in refused.answer, refused.answer
    dated = _hit_in("dated.txt", "In the final years of the apartheid era, the Schools Act let white schools "
                    "admit children of other races. The Schools Act was passed by Parliament in 1996.", "en")
    answered = answerer.answer("In what year was the Schools Act passed?", [dated])
    assert not answered.refused and "1996" in answered.answer, answered.answer
    assert answerer.answer("What did the Schools Act let white schools do?", [undated]).refused is False


def test_a_damaged_lexicon_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant.core.errors import ConfigError
    from assistant.language import lexicon as module

    damaged = tmp_path / "lexicon-en-ru.json.gz"
    damaged.write_bytes(module.LEXICON_FILE.read_bytes()[:5000])  # a download or copy cut short
    monkeypatch.setattr(module, "LEXICON_FILE", damaged)
    module.lexicon.cache_clear()
    try:
        with pytest.raises(ConfigError, match="lexicon-en-ru.json.gz is missing or damaged"):
            module.lexicon()
    finally:
        module.lexicon.cache_clear()


def test_the_lexicon_pairs_stems_both_ways_and_leaves_question_words_out() -> None:
    from assistant.core.text import stem_word
    from assistant.language.lexicon import lexicon, translations

    table = lexicon()
    assert len(table) > 10_000, "the shipped lexicon is missing or truncated"
    assert stem_word("чемпионате") in translations(stem_word("championship"))
    assert stem_word("team") in translations(stem_word("команда"))
    for stem, others in list(table.items())[:3000]:
        assert all(stem in table[other] for other in others), f"{stem} -> {others} is not paired back"
        assert all(other.isascii() != stem.isascii() for other in others), f"{stem} maps into its own script"
    for word in ("what", "who", "how", "сколько", "кого", "который"):
        assert not translations(stem_word(word)), f"'{word}' carries no content and would match everywhere"


def test_the_quote_states_the_relation_asked_about() -> None:
    """'Trade with Portugal in 2023' must not be answered, for Portugal, by the same article's
    investment figure when another of its sentences gives the trade turnover; a question asking no
    relation keeps the sentence it ranked, and a sentence only denying the relation does not state
    it. The best sentence is never swapped: the bold direct answer stands on it."""
    from assistant.answer.extractive import ExtractiveAnswerer
    from assistant.core.records import Article, ChunkRecord, Hit
    from assistant.language.question import analyze

    from .fakes import HashEmbedder

    def hit(name: str, text: str) -> Hit:
        article = Article(id=name, title=name, text=text, source=name, date="2024-03-04")
        return Hit(ChunkRecord(f"{name}#0", name, 0, 0, len(text), text), article, 0.9, dense=0.9)

    text = ("From 2005 to 2023, the gross inflow of direct investment from Portugal to Kazakhstan exceeded "
            "255 million US dollars. Bilateral turnover in 2023 amounted to 50.5 million US dollars, up 65 percent. "
            "Portugal and Kazakhstan did not trade arms worth 10 million dollars in 2023, the ministry added.")
    hits = [hit("pt.txt", text)]
    answerer = ExtractiveAnswerer(HashEmbedder(), threshold=0.0)
    asked = analyze("How much trade did Kazakhstan have with Portugal in 2023?")
    ranked = answerer.candidates(asked, hits, {"pt.txt"})
    by_text = {c.text.split()[0]: c for c in ranked}
    investment, turnover, denial = by_text["From"], by_text["Bilateral"], by_text["Portugal"]
    assert denial.links_figure, "the denial holds a linked figure: only its negation keeps it out"
    assert answerer._stating(asked, investment, ranked) is turnover
    assert answerer._stating(asked, turnover, ranked) is turnover
    assert answerer._stating(analyze("How much did Portugal invest in 2023?"), turnover, ranked) is investment
    no_relation = analyze("What happened between Kazakhstan and Portugal in 2023?")
    assert answerer._stating(no_relation, investment, ranked) is investment
    assert answerer._stating(asked, investment, [investment, denial]) is investment, "'did not trade' states none"

    dated = [hit("roadmap.txt", "The roadmap between Kazakhstan and Portugal was concluded on 12 May 2023 in "
                 "Lisbon. Kazakhstan and Portugal also signed documents on culture on 14 May 2023.")]
    question = "When did Kazakhstan and Portugal sign the roadmap?"
    best = answerer.candidates(analyze(question), dated, {"roadmap.txt"})[0]
    assert best.text.startswith("The roadmap"), "the roadmap sentence ranks first"
    answer = answerer.answer(question, dated)
    assert answer.direct_answer == "12 May 2023", answer.answer


def test_the_bold_date_is_written_in_the_readers_language() -> None:
    """An English question over a Russian article led with "**7 января 1943 года (7 yanvarya 1943
    goda)**" (17 XQuAD answers did): a transliterated date tells an English reader nothing. The
    bold date is written in the reader's language; `direct_answer` stays as the source writes it,
    and the quote below still gives the source's words."""
    from assistant.answer.extractive import ExtractiveAnswerer
    from assistant.core.records import Article, ChunkRecord, Hit
    from assistant.language.direct import date_for_reader

    from .fakes import HashEmbedder

    def hit(name: str, text: str, lang: str) -> Hit:
        article = Article(id=name, title=name, text=text, source=name, date="2020-01-01", lang=lang)
        return Hit(ChunkRecord(f"{name}#0", name, 0, 0, len(text), text), article, 0.9, dense=0.9)

    answerer = ExtractiveAnswerer(HashEmbedder(), threshold=0.0)
    russian = hit("tesla.ru.txt", "Никола Тесла умер 7 января 1943 года в номере нью-йоркского отеля.", "ru")
    answer = answerer.answer("When did Nikola Tesla die?", [russian])
    assert answer.answer.startswith("**January 7, 1943** [1]"), answer.answer
    assert answer.direct_answer == "7 января 1943 года" and "7 января 1943 года" in answer.answer
    english = hit("war.en.txt", "England formally declared war on France on May 18, 1756, in London.", "en")
    answer = answerer.answer("Когда Англия объявила войну Франции?", [english])
    assert answer.answer.startswith("**18 мая 1756 года** [1]"), answer.answer
    assert [date_for_reader(s, "en") for s in ("1817 году", "февраля 2015 года", "12 May 2023", "31.12.2020")] == \
        ["1817", "February 2015", "12 May 2023", "31.12.2020"]
    assert [date_for_reader(s, "ru") for s in ("February 2015", "November 13", "1830", "7 января 1943 года")] == \
        ["февраль 2015 года", "13 ноября", "1830", "7 января 1943 года"]


@pytest.mark.parametrize("sentence, answer_type, time", [
    ("Some railways were converted to standard gauge of 1435 мм.", AMOUNT, False),
    ("Its area is 5,500,000 square kilometres.", AMOUNT, False),
    ("Группировка контролировала территорию с десятью миллионами человек.", AMOUNT, False),
    ("Для вотума недоверия нужно большинство в две трети голосов.", AMOUNT, False),
    ("Over half of the planet's remaining rainforests are there.", AMOUNT, False),
    ("Группировка контролировала территорию с десятью миллионами человек.", COUNT, False),
    ("Делегации двух стран провели переговоры.", COUNT, False),
    ("The Broncos intercepted a pass with 17 seconds left.", AMOUNT, True),
    ("Denver took a 24–10 lead with 3:08 left.", AMOUNT, True),
    ("Война длилась семь лет.", COUNT, True),
    ("The volume of Chinese investments has increased fivefold in recent years.", AMOUNT, False),
    ("Exports to the EU doubled.", AMOUNT, False),
    ("Товарооборот вырос в 2,5 раза.", AMOUNT, False),
    ("Инвестиции выросли вдвое.", AMOUNT, False),
])
def test_a_figure_in_words_units_or_time_answers_a_figure_question(sentence: str, answer_type: str,
                                                                   time: bool) -> None:
    """XQuAD's "how much"/"how many" answers were refused as giving "no figure" when the figure
    was a measure (1435 мм), a scale or share in words (десятью миллионами, две трети), a Russian
    cardinal in another case (двух) or, to "how much time", a span or clock time (3:08)."""
    from assistant.language.question import has_answer_of_type

    assert has_answer_of_type(answer_type, sentence, time=time)
    assert not has_answer_of_type(AMOUNT, "The problem can be viewed in manifold ways."), "a word ending in -fold"
    if time and answer_type == AMOUNT:
        assert not has_answer_of_type(AMOUNT, sentence), "a span of time answers only a question about time"


@pytest.mark.parametrize("question, kind", [
    ("What is the unproven assumption generally ascribed to the value of complexity classes?", DESCRIPTION),
    ("What compiles and reports on data about the size of design and construction companies?", DESCRIPTION),
    ("Кем является третий человек по размеру состояния в Америке?", PERSON),
    ("What was the volume of trade between Kazakhstan and Estonia in 2023?", AMOUNT),
    ("What is the size of the school's endowment?", AMOUNT),
    ("Каков объём взаимной торговли Казахстана и Эстонии в 2023 году?", AMOUNT),
    ("На какую сумму руководство сократило капиталовложения?", AMOUNT),
    ("Каким был средний размер семьи?", AMOUNT),
    ("How much time was left in the game?", AMOUNT),
    # a quantity asked by its noun or its pace: the answer must hold the figure
    ("What was bilateral trade turnover between Kazakhstan and Portugal in 2023?", AMOUNT),
    ("What annual trade turnover target did the two presidents discuss?", AMOUNT),
    ("Каким был товарооборот между Турцией и Азербайджаном в 2019 году?", AMOUNT),
    ("How fast did Russia–Kyrgyzstan trade grow in the first half of 2023?", AMOUNT),
    ("Какими темпами растёт торговля двух стран?", AMOUNT),
    ("What is the population of Fresno?", COUNT),
    ("Какова численность населения Фресно?", COUNT),
    ("Какое место занимает Южная Калифорния по численности населения?", DESCRIPTION),
    ("Which growth strategy did the company adopt?", DESCRIPTION),
    ("What percentage of its trade does China account for?", AMOUNT),
    ("Какую долю занимает Китай во внешней торговле?", AMOUNT),
    ("By what percentage did exports increase?", AMOUNT),
    ("What was the growth of trade in 2023?", AMOUNT),
    ("What is the investment portfolio worth?", AMOUNT),
    ("What is the length of the railway?", COUNT),
    ("Какова мощность завода?", COUNT),
    ("What are longer growth spells associated with?", DESCRIPTION),
    ("In what area is it common for mentorship to be high?", DESCRIPTION),
    ("In what capacity did each of them meet him?", DESCRIPTION),
    ("What is worth seeing in Astana?", DESCRIPTION),
])
def test_an_amount_is_asked_only_when_it_is_what_the_question_asks(question: str, kind: str) -> None:
    """"value of" or "размер" further on in a question ("by the size of his fortune") asked for
    no figure: such questions were refused as "no figure given"."""
    assert analyze(question).answer_type == kind


@pytest.mark.parametrize("question, name, required", [
    ("Кто из врагов Доктора Кто также является Повелителем времени?", "Повелителем", False),
    ("Кто исполнил государственный гимн на Суперкубке 50?", "Суперкубке", False),
    ("Что обсуждали с Жумангариным?", "Жумангариным", True),
    ("Когда Шидэбала был императором?", "Шидэбала", True),
])
def test_a_common_word_in_another_case_is_no_name(question: str, name: str, required: bool) -> None:
    """A capitalised common word in a case the word list lacks ("Повелителем" of "повелитель")
    was required as a name, and an English article that says "Time Lord" was refused as not
    mentioning it; a rare name stays required in any case."""
    assert (name in analyze(question).names) is required


def test_a_year_asked_is_held_only_against_an_article_that_places_its_facts_in_time() -> None:
    """A paragraph with no year and no date cannot gainsay "in 2015" (XQuAD's season statistics
    were refused "nothing for 2015"); one that gives another year, or has a date, can; a period
    needs its years whatever the article."""
    asked = analyze("How many interceptions did the Panthers defense get in 2015?")
    undated = "The Panthers defense led the NFL in interceptions with 24."
    assert missing_constraints(asked, TextFacts.of(undated)) == []
    assert missing_constraints(asked, TextFacts.of(undated + " It was their best year since 2003.")) == ["2015"]
    assert missing_constraints(asked, TextFacts.of(undated, date="2016-02-07")) == ["2015"]
    period = analyze("What happened to the rate of deforestation between 2004 and 2014?")
    assert missing_constraints(period, TextFacts.of("The rate of deforestation fell sharply.")) == ["2004", "2014"]


@pytest.mark.parametrize("question, visit", [
    ("Какой колумбийский президент посещал Гарвард?", False),
    ("Учащиеся какой расы посещали христианские академии?", False),
    ("Когда Токаев посещал Китай?", True),
    ("Кто решил не посещать страну в 2013 году?", True),
    ("Кто из министров посетил Астану?", True),
])
def test_attending_a_school_is_no_visit_asked_of_the_article(question: str, visit: bool) -> None:
    """"посещал Гарвард" is "attended Harvard": an article saying he studied there was refused as
    saying nothing of a visit. A country visited, the infinitive and the perfective still ask one."""
    assert ("visit" in analyze(question).relations) is visit


def test_a_name_no_sentence_can_be_read_for_scores_no_anchor() -> None:
    """"Мота" has two consonants: in an English text it can be neither found nor missed, which a
    constraint must not hold against the article. As an anchor it counted as found in every English
    sentence, off-topic ones too (so did "Уэльсе" before an opening У read as W), and the scorer
    answered "В какой организации могут зарегистрироваться учителя в Уэльсе?" over a corpus
    without Wales with evidence .95. Now it is left out of the share; a name found still counts."""
    off_topic = "It is within the power of both the union government and the states to govern schools."
    assert TextFacts.of(off_topic).has_name("Мота"), "the constraint is not held against the article"
    assert TextFacts.of(off_topic).finds_name("Мота") is None
    assert anchor_overlap(analyze("Что писал Мота о классах?"), off_topic, cross_lingual=True) == 0.0
    asked = analyze("Какую должность занимал Джон Керри при Моте?")
    assert anchor_overlap(asked, "John Kerry spoke at the conference.", cross_lingual=True) > 0.0
    assert anchor_overlap(asked, off_topic, cross_lingual=True) == 0.0
    assert TextFacts.of("Джон Керри выступил.").finds_name("Мота") is False, "a Russian text is read for it"


@pytest.mark.parametrize("name, text", [
    ("Уэльсе", "Teachers in Wales can register with the council."),
    ("Уилтшире", "Joseph Priestley discovered it in Wiltshire in 1774."),
    ("Уорда", "The fumble was recovered by Ward, who returned it five yards."),
])
def test_an_opening_u_before_a_vowel_reads_as_w(name: str, text: str) -> None:
    """Russian writes an English W before a vowel as У (Уэльс, Уилтшир, Уорд): the consonant codes
    dropped it, so "Уэльсе" kept two consonants, too few to be looked for at all, and a question
    about Wales could neither find Wales nor miss it in a corpus without it."""
    assert TextFacts.of(text).finds_name(name) is True
    assert TextFacts.of("The council registers teachers in England.").finds_name(name) is False


@pytest.mark.parametrize("sentence, counts", [
    ("From 2005 to 2023, direct investment from Portugal exceeded 255 million US dollars.", False),
    ("Mutual trade grew by 29% last year.", False),
    ("Товарооборот вырос на 37 процентов.", False),
    ("About 300 students from Kazakhstan study in Portugal.", True),
    ("Trade reached $5 billion and 12 agreements were signed.", True),
])
def test_a_sum_or_a_percentage_counts_no_things(sentence: str, counts: bool) -> None:
    """"Сколько студентов из Казахстана учатся в Португалии?" was answered from the investment
    figure: any number not a year passed for a count. A question that names a currency ("how
    many dollars") still takes the sum."""
    from assistant.language.question import has_answer_of_type

    assert has_answer_of_type(COUNT, sentence) is counts
    assert analyze("How many dollars did Kazakhstan receive?").asks_money
    assert has_answer_of_type(COUNT, sentence, money=True)


@pytest.mark.parametrize("text, signs", [
    ("The sides inked a deal on transit.", True),
    ("They concluded an intergovernmental agreement on transit.", True),
    ("Стороны заключили соглашение о транзите.", True),
    ("Договор был заключён в 2019 году.", True),
    ("Заключение экспертов было положительным.", False),  # an experts' conclusion, not a treaty
    ("The conclusion of the report was positive.", False),
    ("Pink ribbons decorated the hall.", False),
    ("The ink on the old map had faded.", False),
    ("Стороны провели переговоры о заключении договора.", False),  # talks on concluding one: not signed
])
def test_news_wording_for_a_signing_states_one(text: str, signs: bool) -> None:
    """"Which agreements did they conclude?", "заключили соглашение": agency news writes a signing
    in these words too, and a question asked in them is the signing question (and an article
    written in them answers it)."""
    from assistant.language.question import states_relation

    assert states_relation(text.lower(), "sign") is signs
    assert ("sign" in analyze(text).relations) is signs


@pytest.mark.parametrize("sentence, refers_back", [
    ("Carbon monoxide poisoning is sometimes treated using these devices.", True),
    ("Набор протоколов X.25 использует этот тип сети.", True),
    ("Всё это подготовило почву для участия компании в проекте.", True),
    ("He is also the oldest quarterback to start a final.", True),  # a pronoun opening, as before
    ("Trade grew by 12 percent this year.", False),  # a time, not a thing said before
    ("В этом году товарооборот вырос на 12 процентов.", False),
    ("Antibiotics replace those drugs to which viruses adapt.", False),  # "those…": what follows says which
    ("Devices such as pumps are used.", False),
    ("The treaty was signed by these countries that border the sea.", False),  # a relative clause says which
])
def test_a_sentence_pointing_back_brings_the_one_before(sentence: str, refers_back: bool) -> None:
    """'…treated using these devices': the devices are named in the sentence before, which is
    quoted with it (a question asks what device; the quote alone never says)."""
    from assistant.answer.extractive import Candidate, _antecedent
    from assistant.core.records import Article, ChunkRecord, Hit

    before = "Hyperbaric oxygen chambers are large steel vessels kept under high pressure."
    text = f"{before} {sentence}"
    article = Article(id="a.txt", title="a", text=text, source="a.txt", date="2023-06-01", countries=())
    hit = Hit(ChunkRecord("a.txt#0", "a.txt", 0, 0, len(text), text), article, 1.0, dense=1.0)
    first = Candidate(hit, 0, len(before), before, np.zeros(4))
    second = Candidate(hit, len(before) + 1, len(text), sentence, np.zeros(4))
    assert (_antecedent(second, [second, first]) is first) is refers_back
    assert _antecedent(first, [second, first]) is None, "the article's first sentence has none before it"


@pytest.mark.parametrize("question, lead", [
    ("When did Kazakhstan and the EU sign the memorandum on raw materials?",
     "In November 2022, Kazakhstan and the European Union signed"),
    ("Кто представлял Казахстан на встрече C5+1 по критически важным минералам?",
     "Казахстан представлял министр промышленности и строительства Канат Шарлапаев"),
])
def test_the_answering_sentence_is_quoted_first(use_bundled: Path, question: str, lead: str) -> None:
    """Quotes of one article were listed in article order, so the sentence that answers (the
    memorandum closes its article) came after two that do not."""
    answer = build_service().ask(question)
    quotes = [line for line in answer.answer.splitlines() if line.startswith("- ")]
    assert len(quotes) > 1 and lead in quotes[0], answer.answer


def test_an_abbreviated_month_without_its_dot_is_a_date(use_bundled: Path) -> None:
    """"who arrived Nov 1 in Astana": agencies drop the dot; the "when" answer had no bold date."""
    answer = build_service().ask("When did Kerry arrive in Astana?")
    assert answer.direct_answer == "Nov 1" and answer.answer.startswith("**Nov 1** [1]"), answer.answer


def test_a_day_relative_to_the_article_leads_with_its_date(tmp_path: Path, embedder: E5Embeddings) -> None:
    """Agency copy says "on Monday" and puts the date in the dateline, which quotes leave out: a
    "when" answer was the bare sentence. The day now leads, bold, with the article's date beside
    it, in the reader's language; `direct_answer` is the day as written."""
    corpus = tmp_path / "corpus"
    record = {"title": "Kazakhstan and Mongolia sign a transit memorandum", "date": "2025-04-14",
              "text": "ASTANA – Kazakhstan and Mongolia signed a memorandum on transit in Astana on Monday. "
                      "The document covers rail freight through the two countries."}
    write_article(corpus, "news.json", json.dumps(record))
    settings = Settings(index_dir=tmp_path / "index", corpus_dir=corpus)
    ingest(IndexStore(settings, embedder), embedder)
    service = AnswerService(settings, embedder=embedder)
    answer = service.ask("When did Kazakhstan and Mongolia sign the transit memorandum?")
    assert answer.answer.startswith("**on Monday** (the article is dated April 14, 2025) [1]"), answer.answer
    assert answer.direct_answer == "on Monday"
    from assistant.language.direct import relative_day

    assert relative_day("It was included in yesterday’s political discussion.", "en") is None  # describes a noun
    russian = service.ask("Когда Казахстан и Монголия подписали меморандум о транзите?")
    assert russian.answer.startswith("**в понедельник** (статья от 14 апреля 2025 года) [1]"), russian.answer


def test_a_day_relative_to_an_undated_article_reads_its_dateline(use_bundled: Path) -> None:
    """"ASTANA, June 25 – Kazakh and U.S. officials and scholars met in Astana today…": the article
    has no date, the dateline has one, and the quote leaves the dateline out."""
    answer = build_service().ask("When did the Joint Committee on Science and Technology Cooperation hold its "
                                 "first meeting?")
    assert answer.answer.startswith("**today** (the article's dateline reads June 25) [1]"), answer.answer
    assert answer.direct_answer == "today"


def test_the_best_sentence_leads_after_the_one_that_says_who_he_is() -> None:
    """An article's quotes: the best first, after a neighbour it needs (its "He" is named there)
    and with the neighbours that follow it on; the others after, in article order. The lead is the
    quote that states the relation asked about, when the best one does not."""
    from types import SimpleNamespace

    from assistant.answer.extractive import Candidate, _best_first, _lead_quote
    from assistant.language.question import analyze

    hit: Any = SimpleNamespace(article=SimpleNamespace(id="a"))

    def quote(start: int, text: str) -> Candidate:
        return Candidate(hit=hit, start=start, end=start + len(text), text=text, vector=np.zeros(1))

    intro = quote(0, "The minister opened the forum in Astana.")
    named = quote(100, "Minister Nurtleu met the delegation.")
    he = quote(137, "He signed a memorandum on transit.")
    after = quote(172, "The memorandum takes effect in May.")
    group = [intro, named, he, after]
    assert _best_first(group, he) == [named, he, after, intro]
    assert _best_first(group, after) == [after, intro, named, he]  # "The memorandum" needs no one before
    assert _best_first(group, intro) == group
    assert _lead_quote(analyze("What was discussed at the forum?"), [intro, he]) is intro
    assert _lead_quote(analyze("What did they sign?"), [intro, he]) is he  # the quote that states the signing


def test_the_bold_date_is_read_from_the_quote_that_leads(tmp_path: Path, embedder: E5Embeddings) -> None:
    """The bold date came from the best-ranked sentence while another quote led ("last met on
    Monday" under **March 3, 1993**), and a sentence with a weekday and a date ("On Monday …
    signed …, following talks held on March 3, 2025") gave the talks' date: no bold there now."""
    corpus = tmp_path / "corpus"
    records = [
        {"title": "Kazakhstan and Paraguay", "date": "2025-04-14",
         "text": 'The Paraguayan minister said: "We last met on Monday in Asuncion." Kazakhstan and Paraguay '
                 "established diplomatic relations on March 3, 1993."},
        {"title": "Kazakhstan and Oman sign a port deal", "date": "2025-04-15",
         "text": "On Monday, Kazakhstan and Oman signed a port deal, following talks held on March 3, 2025 in Muscat. "
                 "The deal covers grain shipments."}]
    write_article(corpus, "news.jsonl", "\n".join(json.dumps(r) for r in records) + "\n")
    settings = Settings(index_dir=tmp_path / "index", corpus_dir=corpus)
    ingest(IndexStore(settings, embedder), embedder)
    service = AnswerService(settings, embedder=embedder)
    met = service.ask("When did Kazakhstan and Paraguay last meet in Asuncion?")
    first_quote = next(line for line in met.answer.splitlines() if line.startswith("- "))
    assert met.direct_answer and met.direct_answer in first_quote, met.answer  # the bold stands on the first quote
    deal = service.ask("When did Kazakhstan and Oman sign the port deal?")
    assert deal.direct_answer is None and not deal.answer.startswith("**"), deal.answer
