"""Agency furniture in article text: datelines, bylines, "For reference:", photo credits, and
sentences that address the reader or a model rather than report anything.

Why: a quote must be news. Agency copy opens with a dateline ("BRUSSELS, November 23, 2018 –",
"ASTANA. KAZINFORM –", "07.11.2024 Медиаресурс «…»", "BAKU, Azerbaijan, Oct. 4. Trend:") that
shares the article's dates and places with every question, so it scored as an answer to "when"
and "where" questions. The text itself is never changed (offsets stay valid for citations): a
dateline is a prefix the quote starts after (`dateline_end`), a furniture sentence is flagged
(`is_furniture`) and never quoted or counted as evidence (a "For reference:" label is cut like a dateline: the
facts after it are news), and an instruction-like sentence
(`addresses_reader`) never counts as evidence for a model's claim.
"""

from __future__ import annotations

import re
from functools import lru_cache

_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|"
          r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?|январ[яь]|феврал[яь]|марта?|апрел[яь]|ма[яй]|июн[яь]|июл[яь]|"
          r"августа?|сентябр[яь]|октябр[яь]|ноябр[яь]|декабр[яь]|"
          r"янв|фев|мар|апр|июн|июл|авг|сен|сент|окт|ноя|нояб|дек)\.?")
"""A month, written out or cut as agencies cut it ("Oct. 4", "БАКУ, 25 фев — Sputnik")."""
_DATE = (rf"(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?(?:\s+\d{{4}})?"
         rf"|\d{{1,2}}\s+{_MONTH}(?:,?\s+\d{{4}})?(?:\s+г(?:ода|\.)?)?"
         r"|\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{4}-\d{2}-\d{2})")
_PLACE = r"[A-ZА-ЯЁ][A-ZА-ЯЁ'’.\- ]{1,40}?(?:,\s*[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)?"
"""An upper-case place (ASTANA, NUR-SULTAN, BAKU), maybe with its country (BAKU, Azerbaijan)."""
_AGENCY = r"(?:\(?[A-ZА-ЯЁ][\w&.\-]*(?:\s[A-ZА-ЯЁ][\w&.\-]*){0,3}\)?)"
_DASH = r"\s{0,4}(?:[–—:|]+|-{2,}|(?<=\s)-+|-+(?=\s|$))\s{0,4}"
"""A dash, colon or bar; a hyphen when a space stands beside it or it is doubled (ALMATY--), never
inside a word (NUR-SULTAN is one place)."""
_NEWS_STARTS = r"(?=[A-ZА-ЯЁ0-9«\"“'‘($€£₸]|$)"
"""After a bare PLACE – the news starts with a capital (or a figure, a quote): "США — крупнейший
инвестор" is a sentence about the USA, not a dateline ("Спутник — это…" not the agency's tag). After
PLACE and agency together ("АСТАНА. КАЗИНФОРМ – в Астане…") it may start anyhow."""
_AGENCIES = (r"KAZINFORM|КАЗИНФОРМ|Kazinform|Казинформ|Trend|TREND|Тренд|AKIpress|AKIPRESS|АКИpress|Kabar|Кабар|"
             r"КирТАГ|UzA|УзА|Dunyo|Дунё|Montsame|MONTSAME|Монцамэ|APA|АПА|Report\.az|AZERTAC|Азертадж|"
             r"Xinhua|XINHUA|Синьхуа|TASS|ТАСС|РИА Новости|Интерфакс|Sputnik|Спутник")
"""Agencies whose name opens their copy before a dash ("КирТАГ — Садыр Жапаров…")."""
_DATELINE = re.compile(
    rf"^\s{{0,4}}(?:"
    rf"(?:\([^)\n]{{1,60}}\)\s{{0,4}})?{_PLACE}(?![A-ZА-ЯЁ])(?:[,.]\s{{0,4}}{_DATE})?[,.]?\s{{0,4}}"
    rf"(?:/[^/\n]{{1,30}}/\.?\s{{0,4}}|(?:\({_AGENCY}\)|(?:[A-ZА-ЯЁ]{{3,}}|{_AGENCIES})\s{{0,4}}){_DASH}"
    rf"|{_DASH}{_NEWS_STARTS})"
    rf"|(?:\([^)\n]{{1,60}}\)\s{{0,4}})?{_PLACE},\s{{0,4}}{_DATE}\.\s+"
    rf"|{_DATE}\s{{0,4}}(?:\d{{1,2}}:\d{{2}})?\s{{0,4}}(?:Медиаресурс|Media resource)?\s{{0,4}}«[^»]{{1,80}}»"
    rf"\s{{0,4}}[–—\-:]?\s{{0,4}}"
    rf"|(?:{_AGENCIES})\s{{0,4}}(?:\([^)]{{1,40}}\))?{_DASH}{_NEWS_STARTS}"
    rf"|(?:KAZINFORM|КАЗИНФОРМ|AKIPRESS|XINHUA)\s+(?=[A-ZА-ЯЁ])"
    rf")")
"""A dateline: PLACE[, date][ (Agency)] –, a dated media-resource header, or an agency's own tag."""
_REFERENCE = re.compile(r"^\s*(?:for reference|for the record|справочно|справка|для справки)\s*[:.\-–—]\s*",
                        re.IGNORECASE)
"""A reference note's label: the facts after it are news (trade figures, dates of relations)."""
_FURNITURE = re.compile(
    r"^\s*(?:photo|фото|read also|see also|читайте также|смотрите также|"
    r"source|источник|subscribe|подписывайтесь|follow us|share|поделиться|tags|теги|related|"
    r"all rights reserved|все права защищены|copyright|©)\b\s*[:.\-–—]?", re.IGNORECASE)
_ADDRESSES_READER = re.compile(
    r"\b(?:ignore (?:all |any )?(?:previous|prior|above) (?:instructions|rules)|note to (?:the )?(?:ai|model|"
    r"assistant|llm)|(?:ai|language model|assistant|llm)s?,? (?:must|should) |as an ai\b|you must (?:say|state|"
    r"answer|reply|cite|write)|(?:always |please )?(?:state|say|answer|reply|write) that\b|cite \[\d+\]|"
    r"system prompt|игнорируй(?:те)? (?:все )?(?:предыдущие|прежние) инструкции|(?:ии|модель|ассистент),? "
    r"(?:должен|должна|обязан)|ответь(?:те)? что\b|скажи(?:те)?,? что\b|напиши(?:те)?,? что\b|"
    r"(?:tell|inform|remind|instruct|advise|warn|direct) (?:the |all |your |every(?:one|body) |anyone )?(?:users?|"
    r"readers?|assistant|ai|model|customers?|everyone|everybody|anyone)\b|you are now\b|developer mode|jailbreak|"
    r"from now on,? you (?:will |must |shall )?(?:answer|respond|reply|say|tell|state|are)\b|"
    r"dear (?:chat)?bot|dear (?:ai|assistant|model)\b|attention,? (?:ai|language models?|"
    r"assistants?|chatbots?|llms?)\b|(?:any|every) (?:ai|assistant|language model|chatbot|llm)s? (?:summari[sz]|"
    r"read|answer|process|that|which|who)\w*|^\W*system(?: prompt| message)?\s*:|"
    r"the assistant (?:now|must|should|will) |ignore (?:all |any |the )?(?:previous|prior|"
    r"above|earlier|preceding) (?:instructions|rules|guidance|prompts?|directions)|(?:verify|confirm|update|enter|"
    r"send|provide|submit) (?:your|their) (?:account|identity|password|credentials|bank details|card number|"
    r"card details|pin|login)|claim (?:a|your) prize|(?:log|sign) ?in at\b|(?:скажи|сообщи|передай|напомни)(?:те)?,? "
    r"(?:пользовател|читател|всем)\w*|(?:всем|каждому),? кто (?:спрашивает|спросит|читает)|уважаем\w* (?:бот|ии|"
    r"ассистент|модель)|с этого момента (?:ты |вы )?(?:отвечай|отвечайте|говори)|отвечай(?:те)?,? что\b|"
    r"(?:подтверди|обнови|введи|отправь)(?:те)? (?:свой |свою |ваш |вашу |свои |ваши )?(?:аккаунт|учетн|парол|"
    r"данные карты|номер карты|банковск)\w*|игнорируй(?:те)? (?:все )?(?:предыдущие|прежние) (?:инструкции|указания)|"
    r"режим разработчика)"
    r"|<\|(?:im_start|im_end|system|user|assistant|endoftext|eot_id|start_header_id|end_header_id)\|>"
    r"|\[/?INST\]|<</?SYS>>|</s>|^\W*(?:assistant|chatbot|bot|user|human|ассистент|пользователь|система)\s*:",
    re.IGNORECASE)
"""Text addressed to a model: instructions, and a chat transcript's role labels or template tokens
("Assistant: …", "<|im_start|>system …") planted to be read as the conversation itself."""
MIN_QUOTE_WORDS = 4
_NOT_PROSE = re.compile(rf"@\w+|#\w+|https?://\S+|\b[\w-]+(?:\.[\w-]+)+\b|\b{_MONTH}(?![\w])|"
                        r"(?<![\w])[A-ZА-ЯЁ][\w'’-]*|\d[\d:.,/]*|"
                        r"\b(?i:updated|published|posted|modified|обновлено|опубликовано|изменено)\b")
"""What a header line is made of: handles, hashtags, links and domains (Agenda.ge), months,
capitalised words (places, agencies, a byline's name), numbers (dates, times) and the labels of
a page's time stamps ("11:05 02.09.2025 (обновлено: 11:43 02.09.2025)")."""
_LOWER_WORD = re.compile(r"(?<![\w])[a-zа-яё][a-zа-яё'’-]*")


def dateline_end(sentence: str) -> int:
    """Where a leading dateline or "For reference:" label ends (0 when there is none), so a quote
    can start after it."""
    end = 0
    for pattern in (_DATELINE, _REFERENCE):
        match = pattern.match(sentence, end)
        if match and len(sentence[match.end():].split()) >= MIN_QUOTE_WORDS:
            end = match.end()
    return end


@lru_cache(maxsize=8192)
def news_start(sentence: str) -> int | None:
    """Where a sentence's news starts (after its dateline), or None for a sentence that is never
    quoted nor counted as evidence: furniture, or text addressed to the reader or a model. The one
    rule answers' and summaries' quotes share (remembered: each question rereads its passages)."""
    if is_furniture(sentence) or addresses_reader(sentence):
        return None
    return dateline_end(sentence)


def is_furniture(sentence: str) -> bool:
    """A sentence that is page furniture, not news: a bare dateline or header, a reference note,
    a photo credit, a "read also" or share line, or a line with no word of prose at all ("BAKU,
    Azerbaijan, June 16", "Agenda.ge, 21 Jun 2016 - 12:09, Tbilisi,Georgia", "12 октября 2023,
    09:10", a byline's name, a tweet's "— Name (@handle) December 14, 2023")."""
    if _FURNITURE.match(sentence) or not _LOWER_WORD.search(_NOT_PROSE.sub(" ", sentence)):
        return True
    for pattern in (_DATELINE, _REFERENCE):
        match = pattern.match(sentence)
        if match and len(sentence[match.end():].split()) < MIN_QUOTE_WORDS:
            return True
    return False


HEADING_WORDS = 12
"""A line of up to this many words with no closing punctuation is a heading, not a sentence."""
_CLOSES = ".!?…:;\"»”’')]"
_LIST_ITEM = re.compile(r"^\s*(?:[–—\-•*·▪]|\(?\d{1,2}[.)])")


def is_heading(text: str, start: int, end: int) -> bool:
    """Whether `text[start:end]` is a line on its own with no closing punctuation: a section
    heading ("Japan-Mongolia Relations"), a related-article link ("Как Путина встречали в
    Монголии"), a caption, a standfirst. It names a topic and states nothing, so it is never the
    quote that answers. A list item ("– Protocol on…", "1. Agreement on…") is news: a list of
    signed documents is the answer to "what was signed"."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    if text[line_start:start].strip() or text[end:line_end].strip():
        return False
    body = text[start:end].strip()
    return bool(body) and body[-1] not in _CLOSES and not _LIST_ITEM.match(body) \
        and len(body.split()) <= HEADING_WORDS


def addresses_reader(sentence: str) -> bool:
    """A sentence that instructs the reader or a model ("note to the AI", "state that…", "cite [1]
    after every sentence"): text to be reported on, never evidence for a claim."""
    return bool(_ADDRESSES_READER.search(sentence))
