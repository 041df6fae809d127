from __future__ import annotations

import pytest

from assistant.core.errors import AssistantError
from assistant.language.countries import find_countries, resolve_country


@pytest.mark.parametrize("text, code", [
    ("Делегация Казахстана прибыла", "KZ"),
    ("встреча в Госдепе США", "US"),
    ("специалисты Российской академии наук", "RU"),
    ("делегация СО РАН", "RU"),
    ("the state of Kazakh-Kenyan relations", "KE"),
    ("talks in Washington", "US"),
    ("a visit to Moscow", "RU"),
    ("the European Union and Kazakhstan", "EU"),
    ("Kazakhstan and the EU signed a memorandum", "EU"),  # agency copy writes "EU" as often as the name
    ("at UNESCO headquarters", "UNESCO"),
    ("Council of the OIC", "OIC"),
    ("Republic of Korea", "KR"),
    # a name ending in -ея declines like one in -ия (Корея: Кореи, Корею, Кореей, Корее)
    ("государственный визит в Южную Корею", "KR"),
    ("переговоры в Южной Корее", "KR"),
    ("Экваториальной Гвинеи", "GQ"),
    ("делегация КНДР", "KP"),
    ("форум в Алматы", "KZ"),
])
def test_mentions_in_english_and_russian_forms(text: str, code: str) -> None:
    assert code in find_countries(text)


@pytest.mark.parametrize("text, codes", [
    # a country's people name it in Russian as in English, and a bare "Корея" as "Korea" does
    ("американцы и немцы подписали меморандум", ["US", "DE"]), ("Americans and Germans signed it", ["US", "DE"]),
    ("число китайцев, посетивших страну", ["CN"]), ("инвестиции японцев", ["JP"]),
    ("Корея и Казахстан", ["KR", "KZ"]), ("в Корее", ["KR"]), ("the Mongols", ["MN"]), ("монголы", ["MN"]),
    # and nothing more: North Korea stays itself, a surname and magnets name no country
    ("Северная Корея", ["KP"]), ("Антон Чехов", []), ("the North and South poles", []),
])
def test_a_countrys_people_name_it_in_either_language(text: str, codes: list[str]) -> None:
    assert find_countries(text) == codes


def test_currency_is_not_a_country() -> None:
    assert "US" not in find_countries("trade of 157.5 million US dollars")
    assert "US" not in find_countries("trade reached US$ 15 billion")
    # Russian names the currency after its unit: an article on trade with China is not about the US
    assert find_countries("Товарооборот с Китаем составил 43,8 миллиарда долларов США.") == ["CN"]
    assert "US" not in find_countries("на сумму 5 млн долл. США и 10 центов США")
    assert "US" not in find_countries("Китай выделил 5 млн дол. США.")
    assert "US" in find_countries("Делегация США прибыла в Астану.")
    assert "US" in find_countries("Сумма в долларах. США и Китай подписали соглашение.")


@pytest.mark.parametrize("text, found", [
    ("Fresh US sanctions failed to cut Iran's oil exports", True), ("The US and China signed a deal", True),
    ("Let us hope for the best", False), ("KAZAKHSTAN IN TALKS WITH US ON TRADE", False),
])
def test_the_united_states_by_its_short_name(text: str, found: bool) -> None:
    """Agency copy writes "US" more often than "U.S."; "us" and a headline in capitals are not it."""
    assert ("US" in find_countries(text)) is found


def test_resolve_names_and_suggest_close_ones() -> None:
    assert resolve_country("США").code == "US"
    assert resolve_country("united states").code == "US"
    assert resolve_country("Россия").code == "RU"
    with pytest.raises(AssistantError) as err:
        resolve_country("Estnia")
    assert "Estonia" in err.value.user_message()


def test_a_country_named_only_by_its_demonym_or_adjective_is_tagged() -> None:
    """'Lithuanian Foreign Minister Linas Linkevicius' was no mention of Lithuania, so a question
    about Lithuania's minister was refused for an article quoting him. Vienna and The Hague host
    the IAEA, the OSCE and the ICJ: a story from there is not about Austria or the Netherlands."""
    assert find_countries("Lithuanian Foreign Minister Linas Linkevicius said") == ["LT"]
    assert find_countries("армянской делегацией руководил министр") == ["AM"]
    assert find_countries("The IAEA board met in Vienna.") == ["IAEA"]


@pytest.mark.parametrize("text, code", [("Согласно отчёту по Нигерии от 2013 года", "NG"), ("с Нигерией", "NG"),
                                        ("Нигерия", "NG"), ("в Нигере", "NE"), ("Нигер", "NE"),
                                        ("Nigeria", "NG"), ("Niger", "NE")])
def test_two_countries_whose_russian_names_share_a_stem_are_told_apart(text: str, code: str) -> None:
    """Snowball stems Нигерия and Нигер alike (нигер): every case of Nigeria was tagged Niger,
    and a question on Nigeria was refused as not about the article that named it."""
    assert find_countries(text) == [code]


def test_the_eu_by_its_acronym_and_not_the_euro() -> None:
    """"EU" alone named nothing, so an English claim or question about the EU asked no organisation
    while "ЕС" and "European Union" did."""
    assert find_countries("A member state of the EU may leave the union.") == ["EU"]
    assert find_countries("a loan of EUR 5 million") == []
