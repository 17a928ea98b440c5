"""Themes of the written answers ("what would help most"), grouped by the words they share.

Pure: no widgets, files or database, and no external service (the answers never leave the
laptop). Words are lower-cased, stripped of accents and of a plural ``s``/``x``; English and
French stop words and words found in most answers are ignored; the word shared by the most
answers names the first theme, and so on.

Which answers may be grouped is not decided here: only answers the facilitator approved are
quoted or grouped (:func:`workshop_kit.core.disclosure.approved_texts`), since a theme's word
is itself a quote.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the table is passed in; grouping texts needs no pandas
    import pandas as pd

# Short lists of the most frequent function words: enough to keep "the", "de", "pour" from
# forming themes. Words of the question itself ("help", "aide", "more", "need") are listed
# too: nearly every answer to "what would help most" contains them.
_ENGLISH = """a about above after again against all also am an and any are around as at be because
    been before being below between both but by can could did do does doing down during each
    even ever every few for from further get gets getting give go going got had has have
    having he her here hers herself him himself his how however i if in into is it its itself
    just know least less let like lot lots made make makes making many may me might mine more
    most much must my myself near need needed needs no nor not now of off often on once one
    only or other others our ours ourselves out over own people per perhaps please really
    same she should so some someone something sometimes still such than that the their theirs
    them themselves then there these they thing things this those though through thus to too
    under until up upon us very want was way we well were what when where whether which while
    who whom whose why will with within without would yes yet you your yours yourself
    yourselves help helps helped helping helpful better best especially someone able maybe
    kind sort"""
_FRENCH = """a afin ai aie aient aies ait alors as au aucun aucune aupres auquel aussi autre autres
    aux auxquelles auxquels avaient avais avait avant avec avoir avons ayant bien bon car ce
    ceci cela celle celles celui cependant certain certaines certains ces cet cette ceux chaque
    chez comme comment dans de des deja depuis dès donc dont du elle elles en encore entre est
    et etaient etais etait etant ete etre eu eux fait faire fais faut font ici il ils je jusqu
    la le les leur leurs lors lorsque lui ma mais me meme memes mes moi moins mon ne ni non
    nos notre nous on ont ou par parce pas peu peut peuvent plus plupart pour pourquoi pourrait
    puis qu quand que quel quelle quelles quels qui quoi sa sans se sera serait ses seul si
    sien soi soit son sont sous souvent sur ta te tes toi ton tous tout toute toutes tres trop
    tu un une vers voila vos votre vous vraiment ya aide aides aider aiderait besoin besoins
    mieux davantage surtout chose choses gens personne personnes"""
STOP_WORDS_EN = frozenset(_ENGLISH.split())
STOP_WORDS_FR = frozenset(_FRENCH.split())
STOP_WORDS = STOP_WORDS_EN | STOP_WORDS_FR

#: A word found in more than this share of the answers (when there are at least
#: :data:`COMMON_WORD_MIN_ANSWERS`) says nothing about how answers differ.
COMMON_WORD_SHARE = 0.6
COMMON_WORD_MIN_ANSWERS = 5

_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Theme:
    """Answers that share ``words`` (the first names the theme; ``()`` = sharing none)."""

    words: tuple[str, ...]
    answers: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.answers)


@dataclass(frozen=True)
class ThemeGrouping:
    themes: tuple[Theme, ...]
    ungrouped: tuple[str, ...]

    @property
    def total(self) -> int:
        return sum(theme.count for theme in self.themes) + len(self.ungrouped)


def free_texts(answers: pd.DataFrame) -> list[str]:
    """The written answers, in the order given, blanks left out."""
    if answers.empty or "text" not in answers:
        return []
    texts = answers["text"]
    return [str(text) for text in texts[texts.notna()] if str(text).strip()]


def word_key(word: str) -> str:
    """A word as compared: lower case, no accents, no plural ``s``/``x`` on longer words."""
    plain = unicodedata.normalize("NFKD", word.casefold())
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    if len(plain) > 4 and plain[-1] in "sx" and not plain.endswith("ss"):
        plain = plain[:-1]
    return plain


def keywords(text: str) -> dict[str, str]:
    """The words of ``text`` worth comparing: ``{key: word as written, lower-cased}``."""
    found: dict[str, str] = {}
    for word in _WORD.findall(text.replace("’", "'")):
        lowered = word.casefold()
        key = word_key(lowered)
        if len(key) < 3 or key in STOP_WORDS or lowered in STOP_WORDS:
            continue
        found.setdefault(key, lowered)
    return found


def group_themes(texts: Sequence[str], max_themes: int = 8, min_answers: int = 2) -> ThemeGrouping:
    """Group answers by shared words: the word most answers share names the first theme,
    its answers are set aside, and so on; ties go to the alphabetically first word.

    A theme lists a second word when most of its answers also share it. Answers that share
    no word with another answer stay ungrouped. Words found in most answers are set aside
    (they do not tell answers apart) unless nothing else is shared.
    """
    words = [keywords(text) for text in texts]
    common: set[str] = set()
    if len(texts) >= COMMON_WORD_MIN_ANSWERS:
        spread = Counter(key for found in words for key in found)
        common = {key for key, n in spread.items() if n > COMMON_WORD_SHARE * len(texts)}
    grouping = _group(texts, words, common, max_themes, min_answers)
    if common and not grouping.themes:
        # Everyone used the same word(s) and nothing else is shared: that word is the theme.
        grouping = _group(texts, words, set(), max_themes, min_answers)
    return grouping


def _group(
    texts: Sequence[str],
    words: Sequence[Mapping[str, str]],
    common: set[str],
    max_themes: int,
    min_answers: int,
) -> ThemeGrouping:
    remaining = list(range(len(texts)))
    themes: list[Theme] = []
    while remaining and len(themes) < max_themes:
        frequency = Counter(key for i in remaining for key in words[i] if key not in common)
        if not frequency:
            break
        key, count = min(frequency.items(), key=lambda item: (-item[1], item[0]))
        if count < min_answers:
            break
        members = [i for i in remaining if key in words[i]]
        partners = Counter(other for i in members for other in words[i] if other != key)
        label = [_surface(key, members, words)]
        if partners:
            second, together = min(partners.items(), key=lambda item: (-item[1], item[0]))
            if together >= max(min_answers, (len(members) + 1) // 2) and second not in common:
                label.append(_surface(second, members, words))
        themes.append(Theme(tuple(label), tuple(texts[i] for i in members)))
        taken = set(members)
        remaining = [i for i in remaining if i not in taken]
    return ThemeGrouping(tuple(themes), tuple(texts[i] for i in remaining))


def _surface(key: str, members: Iterable[int], words: Sequence[Mapping[str, str]]) -> str:
    """The way most answers wrote the word (ties: alphabetical)."""
    forms = Counter(words[i][key] for i in members if key in words[i])
    return min(forms.items(), key=lambda item: (-item[1], item[0]))[0]
