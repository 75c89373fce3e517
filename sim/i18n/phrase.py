"""Phrases: a catalogue key with arguments, rendered in the reader's language when shown.

The engine and the scenario checks speak in phrases, so a refusal or a problem is said in
whichever language the screen or the report uses later. Journals and results store what a
phrase renders to; the keys stay symbolic (``refuse_busy``) and never change meaning.

Besides :class:`Phrase`, this module has the phrase arguments that are not catalogue
messages: a scenario text (plain or ``{zh, en}``), several phrases joined, a phrase followed
by the space a sentence needs, a message with its hint, and "a, b or c".
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sim.i18n.catalogue import has, tr

if TYPE_CHECKING:
    from sim.text import Lang, Text


class Phrase:
    """A message key with arguments, rendered in either language when shown.

    Arguments may themselves be phrases; they are rendered in the same language.
    """

    __slots__ = ("args", "key")

    def __init__(self, key: str, /, **args: Any) -> None:
        if not has(key):
            raise KeyError(key)
        self.key = key
        self.args = args

    def render(self, lang: Lang) -> str:
        """The phrase in ``lang``."""
        args = {k: v.render(lang) if isinstance(v, Phrase) else v for k, v in self.args.items()}
        return tr(self.key, lang, **args)

    def __repr__(self) -> str:
        return f"Phrase({self.key!r}, {self.args!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Phrase) and (self.key, self.args) == (other.key, other.args)

    def __hash__(self) -> int:
        return hash((self.key, repr(sorted(self.args.items()))))


class Label(Phrase):
    """A scenario text as a phrase, shown in the reader's language."""

    __slots__ = ("text",)

    def __init__(self, text: Text) -> None:
        super().__init__("label")
        self.text = text

    def render(self, lang: Lang) -> str:
        from sim.text import localize

        return localize(self.text, lang)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Label) and self.text == other.text

    def __hash__(self) -> int:
        return hash(repr(self.text))

    def __repr__(self) -> str:
        return f"Label({self.text!r})"


class Joined(Phrase):
    """Several phrases joined with commas (、 in Chinese)."""

    __slots__ = ("items",)

    def __init__(self, items: Sequence[Phrase]) -> None:
        super().__init__("label")
        self.items = tuple(items)

    def render(self, lang: Lang) -> str:
        sep = "、" if lang == "zh" else ", "
        return sep.join(i.render(lang) for i in self.items)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Joined) and self.items == other.items

    def __hash__(self) -> int:
        return hash(self.items)

    def __repr__(self) -> str:
        return f"Joined({self.items!r})"


class Sentence(Phrase):
    """A phrase followed by the space that separates sentences (none in Chinese)."""

    __slots__ = ("inner",)

    def __init__(self, inner: Phrase) -> None:
        super().__init__("label")
        self.inner = inner

    def render(self, lang: Lang) -> str:
        return self.inner.render(lang) + ("" if lang == "zh" else " ")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sentence) and self.inner == other.inner

    def __hash__(self) -> int:
        return hash(("sentence", self.inner))


class WithHint(Phrase):
    """A message and its hint (did you mean ...?) shown as one sentence; its key is the
    message's."""

    __slots__ = ("parts",)

    def __init__(self, first: Phrase, second: Phrase) -> None:
        super().__init__(first.key, **first.args)
        self.parts = (first, second)

    def render(self, lang: Lang) -> str:
        return "".join(p.render(lang) for p in self.parts)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, WithHint) and self.parts == other.parts

    def __hash__(self) -> int:
        return hash(self.parts)

    def __repr__(self) -> str:
        return f"WithHint{self.parts!r}"


class OrList(Phrase):
    """'a, b or c' in the reader's language."""

    __slots__ = ("items",)

    def __init__(self, items: Sequence[Phrase]) -> None:
        super().__init__("or")
        self.items = tuple(items)

    def render(self, lang: Lang) -> str:
        words = [i.render(lang) for i in self.items]
        if len(words) == 1:
            return words[0]
        last = Phrase("or").render(lang)
        if lang == "zh":
            return "、".join(words[:-1]) + last + words[-1]
        return ", ".join(words[:-1]) + f" {last} " + words[-1]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, OrList) and self.items == other.items

    def __hash__(self) -> int:
        return hash(tuple(self.items))


def label(text: Text | Phrase) -> Phrase:
    """A scenario text (or an existing phrase) as a phrase argument."""
    return text if isinstance(text, Phrase) else Label(text)
