"""Safe, position-keeping YAML reading for files written by people.

PyYAML composes the file into nodes that carry their line and column; this module turns
the nodes into plain Python data itself, so that it can:

- refuse every tag that would construct an object (only plain data comes out);
- refuse duplicate keys, which PyYAML would silently let the last one win;
- measure what anchors and aliases expand to before expanding anything, and refuse a
  "billion laughs" file;
- remember, for every value and key, where it stands in the file, and the raw text of
  scalars YAML 1.1 reads as something other than text (``yes``, ``09:00``).

Problems are returned as :class:`RawProblem` values (0-based positions and a catalogue
key); nothing here raises on bad input.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

Path = tuple[str | int, ...]

MAX_BYTES = 1024 * 1024
"""Largest scenario file accepted (1 MiB)."""
MAX_EXPANDED_VALUES = 250_000
"""Most values a file may expand to through anchors and aliases."""
MAX_EXPANDED_CHARS = 8 * MAX_BYTES
"""Most characters of text a file may expand to through anchors and aliases: a file with
no aliases holds at most :data:`MAX_BYTES`, so only alias expansion can reach this."""

_CORE = "tag:yaml.org,2002:"
_PLAIN_TAGS = {
    _CORE + "str",
    _CORE + "int",
    _CORE + "float",
    _CORE + "bool",
    _CORE + "null",
    _CORE + "seq",
    _CORE + "map",
    _CORE + "merge",
    _CORE + "timestamp",
    _CORE + "value",
}


@dataclass(frozen=True)
class RawProblem:
    """A problem at a 0-based position, with a catalogue key and its arguments."""

    line: int
    col: int
    key: str
    args: dict[str, Any] = field(default_factory=dict)


@dataclass
class Document:
    """Plain data read from YAML, with the position of every value and key."""

    data: Any
    marks: dict[Path, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Path, tuple[int, int]] = field(default_factory=dict)
    raw: dict[Path, str] = field(default_factory=dict)
    """Raw text of scalars that YAML did not read as text."""

    def mark(self, path: Path) -> tuple[int, int]:
        """Where the value at ``path`` (or its nearest ancestor) stands."""
        p = path
        while p:
            if p in self.marks:
                return self.marks[p]
            p = p[:-1]
        return self.marks.get((), (0, 0))

    def key_mark(self, path: Path) -> tuple[int, int]:
        """Where the key of ``path`` stands, falling back to its value."""
        return self.key_marks.get(path) or self.mark(path)


class _Loader(yaml.SafeLoader):
    """SafeLoader used only to compose nodes (never to construct objects)."""


_CLoader: type[Any] | None = getattr(yaml, "CSafeLoader", None)


def _compose(text: str, fast: bool) -> Node | None:
    loader_cls: type[Any] = _CLoader if (fast and _CLoader is not None) else _Loader
    loader = loader_cls(text)
    try:
        return loader.get_single_node()  # type: ignore[no-any-return]
    finally:
        loader.dispose()


_INDENT_KEYS = {
    "<block mapping start>": "yaml_indent_key",
    "?": "yaml_indent_key",
    "<block sequence start>": "yaml_indent_item",
    "-": "yaml_indent_item",
    "<scalar>": "yaml_indent_value",
    "<alias>": "yaml_indent_value",
    "<anchor>": "yaml_indent_value",
    "<tag>": "yaml_indent_value",
    "[": "yaml_indent_value",
    "{": "yaml_indent_value",
}
"""What the parser found where a block should have ended, as the message that explains it."""


def _char_name(character: Any) -> str:
    """A character as U+XXXX, whether PyYAML gives it as text or as a code point."""
    if isinstance(character, bytes):
        return "0x" + character.hex().upper()
    code = character if isinstance(character, int) else ord(str(character)[:1] or " ")
    return f"U+{code:04X}"


def _yaml_problem(exc: yaml.YAMLError) -> RawProblem:
    """Turn a PyYAML error into a plain-language problem at its position."""
    if isinstance(exc, yaml.reader.ReaderError):
        return RawProblem(0, 0, "bad_character", {"char": _char_name(exc.character)})
    problem_mark = getattr(exc, "problem_mark", None)
    context_mark = getattr(exc, "context_mark", None)
    mark = problem_mark or context_mark
    line, col = (mark.line, mark.column) if mark is not None else (0, 0)
    problem = (getattr(exc, "problem", None) or str(exc)).strip()
    context = (getattr(exc, "context", None) or "").strip()
    low = problem.lower()
    ctx_low = context.lower()
    if "expected a single document" in ctx_low or "expected a single document" in low:
        return RawProblem(line, col, "multiple_documents")
    if "'\\t'" in problem or "tab" in low:
        return RawProblem(line, col, "yaml_tab")
    if "mapping values are not allowed" in low:
        return RawProblem(line, col, "yaml_mapping_values")
    if "could not find expected ':'" in low:
        # The scanner notices at the start of the next line; the key is where it began.
        if context_mark is not None:
            line, col = context_mark.line, context_mark.column
        return RawProblem(line, col, "yaml_expected_colon")
    if "found undefined alias" in low:
        name = problem.split("'")[1] if "'" in problem else "?"
        return RawProblem(line, col, "yaml_undefined_alias", {"name": name})
    if "found unexpected end of stream" in low and "quoted" in ctx_low:
        # Point at the opening quote, not at the end of the file.
        if context_mark is not None:
            line, col = context_mark.line, context_mark.column
        return RawProblem(line, col, "yaml_unclosed_quote")
    if "flow sequence" in ctx_low or "flow mapping" in ctx_low:
        opener, closer = ("[", "]") if "sequence" in ctx_low else ("{", "}")
        if context_mark is not None and f"expected ',' or '{closer}'" in low:
            return RawProblem(
                context_mark.line,
                context_mark.column,
                "yaml_unclosed_flow",
                {"open": opener, "close": closer},
            )
    if "duplicate anchor" in ctx_low:
        name = context.split("'")[1] if context.count("'") >= 2 else "?"
        first = context_mark.line + 1 if context_mark is not None else 0
        return RawProblem(line, col, "yaml_duplicate_anchor", {"name": name, "line": first})
    if ("while scanning an alias" in ctx_low or "while scanning an anchor" in ctx_low) and (
        context_mark is not None
    ):
        char = "*" if "alias" in ctx_low else "&"
        return RawProblem(context_mark.line, context_mark.column, "yaml_bad_anchor", {"char": char})
    if "sequence entries are not allowed here" in low:
        return RawProblem(line, col, "yaml_item_not_allowed")
    if "expected '<document start>'" in low:
        return RawProblem(line, col, "yaml_after_document")
    found = problem.rsplit("found ", 1)[-1].strip("'") if "found " in problem else ""
    if found in ("]", "}") and ("<block end>" in low or "node content" in low):
        return RawProblem(line, col, "yaml_stray_closer", {"char": found})
    if found == ":" and "<block end>" in low:
        return RawProblem(line, col, "yaml_stray_colon")
    if "that cannot start any token" in low:
        char = problem.split("'")[1] if problem.count("'") >= 2 else "?"
        return RawProblem(line, col, "yaml_reserved_char", {"char": char})
    if low.startswith("expected <block end>") or "block mapping" in ctx_low:
        key = _INDENT_KEYS.get(found)
        if key is not None:
            return RawProblem(line, col, key)
        return RawProblem(line, col, "yaml_indent", {"found": found or problem})
    detail = f"{context}; {problem}" if context else problem
    return RawProblem(line, col, "yaml_syntax", {"detail": detail})


_CLOSERS = {"[": "]", "{": "}"}


def _open_quote_or_bracket(text: str, exc: yaml.YAMLError) -> RawProblem | None:
    """A quote or bracket left open, found by reading the tokens up to where parsing broke.

    A missing closing quote makes YAML read on to the next quote character further down,
    and the parser only stumbles after that: the culprit is the multi-line quoted string
    that ends on the line of the error. A bracket still open at the end of the file is
    named at the bracket, not at the end.
    """
    mark = getattr(exc, "problem_mark", None)
    if mark is None:
        return None
    loader: Any = _Loader(text)
    suspect: yaml.tokens.ScalarToken | None = None
    opened: list[yaml.tokens.Token] = []
    try:
        while True:
            token = loader.get_token()
            if token is None or token.start_mark.line > mark.line:
                break
            if isinstance(
                token, yaml.tokens.FlowSequenceStartToken | yaml.tokens.FlowMappingStartToken
            ):
                opened.append(token)
            elif isinstance(
                token, yaml.tokens.FlowSequenceEndToken | yaml.tokens.FlowMappingEndToken
            ):
                if opened:
                    opened.pop()
            elif (
                isinstance(token, yaml.tokens.ScalarToken)
                and token.style in ("'", '"')
                and token.end_mark.line > token.start_mark.line
                and token.end_mark.line == mark.line
            ):
                suspect = token
    except yaml.YAMLError:
        pass
    finally:
        loader.dispose()
    if suspect is not None:
        m = suspect.start_mark
        return RawProblem(m.line, m.column, "yaml_unclosed_quote")
    if opened and "<stream end>" in str(getattr(exc, "problem", "")):
        m = opened[-1].start_mark
        opener = text[m.index] if m.index < len(text) else "["
        closer = _CLOSERS.get(opener, "]")
        return RawProblem(m.line, m.column, "yaml_unclosed_flow", {"open": opener, "close": closer})
    return None


_FULLWIDTH_KEY = re.compile(r"^\s*(?:-\s+)?[^\s#\"'\[{:：-][^:：#\"']*(：)")
"""A key written with the full-width colon '：' (U+FF1A) where YAML needs ': '."""


def _fullwidth_colon(text: str, exc: yaml.YAMLError) -> RawProblem | None:
    """A key followed by the full-width colon on the line of the error or the line above.

    YAML reads ``title：...`` as plain text, so the parser stumbles there or on the next
    line; a full-width colon elsewhere (inside a text value) is fine and not reported.
    """
    marks = [getattr(exc, "problem_mark", None), getattr(exc, "context_mark", None)]
    lines = text.splitlines()
    near: list[int] = []
    for mark in marks:
        if mark is not None:
            near += [mark.line, mark.line - 1]
    for line in sorted(set(near)):
        if 0 <= line < len(lines):
            m = _FULLWIDTH_KEY.match(lines[line])
            if m is not None:
                return RawProblem(line, m.start(1), "yaml_fullwidth_colon")
    return None


def _reader_position(text: str, position: int) -> tuple[int, int]:
    before = text[:position]
    line = before.count("\n")
    col = position - (before.rfind("\n") + 1)
    return line, col


def _looks_utf16(raw: bytes) -> bool:
    """UTF-16 text: a byte-order mark, or a zero byte beside most ASCII letters."""
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return True
    head = raw[:200]
    if len(head) < 4:
        return False
    zeros_even = head[0::2].count(0)
    zeros_odd = head[1::2].count(0)
    return max(zeros_even, zeros_odd) >= len(head) // 4


def decode(raw: bytes) -> tuple[str | None, list[RawProblem]]:
    """Decode UTF-8 (with or without BOM) into NFC text, or say where the first bad byte is."""
    if _looks_utf16(raw):
        return None, [RawProblem(0, 0, "utf16")]
    try:
        # One form for every id and name: a name typed on two keyboards is one name
        # (Unicode Standard Annex #15, Normalization Form C).
        return unicodedata.normalize("NFC", raw.decode("utf-8-sig")), []
    except UnicodeDecodeError as exc:
        good = raw[: exc.start].decode("utf-8-sig", errors="replace")
        line, col = _reader_position(good, len(good))
        byte = f"0x{raw[exc.start]:02X}"
        return None, [RawProblem(line, col, "not_utf8", {"byte": byte, "offset": exc.start})]


def read_yaml(text: str) -> tuple[Document | None, list[RawProblem]]:
    """Compose ``text`` and build plain data with positions, or return the problems."""
    try:
        node = _compose(text, fast=True)
    except RecursionError:
        return None, [RawProblem(0, 0, "yaml_too_deep")]
    except yaml.YAMLError:
        # The pure-Python parser words its errors the same on every machine.
        try:
            node = _compose(text, fast=False)
        except RecursionError:
            return None, [RawProblem(0, 0, "yaml_too_deep")]
        except yaml.reader.ReaderError as exc:
            line, col = _reader_position(text, exc.position)
            return None, [
                RawProblem(line, col, "bad_character", {"char": _char_name(exc.character)})
            ]
        except yaml.YAMLError as exc:
            return None, [
                _fullwidth_colon(text, exc)
                or _open_quote_or_bracket(text, exc)
                or _yaml_problem(exc)
            ]
    if node is None:
        return None, [RawProblem(0, 0, "empty_file")]
    builder = _Builder()
    try:
        size_problem = builder.measure(node)
    except RecursionError:
        return None, [RawProblem(0, 0, "yaml_too_deep")]
    if size_problem is not None:
        return None, [size_problem]
    try:
        data = builder.build(node, ())
    except RecursionError:
        return None, [RawProblem(0, 0, "yaml_too_deep")]
    doc = Document(data, builder.marks, builder.key_marks, builder.raw)
    return doc, builder.problems


class _Builder:
    def __init__(self) -> None:
        self.marks: dict[Path, tuple[int, int]] = {}
        self.key_marks: dict[Path, tuple[int, int]] = {}
        self.raw: dict[Path, str] = {}
        self.problems: list[RawProblem] = []
        self._constructor = yaml.SafeLoader("")

    def measure(self, root: Node) -> RawProblem | None:
        """Refuse alias bombs and recursive aliases before anything is expanded.

        Both the number of values and the characters of text they expand to are capped: a
        few aliases of one long string are as dangerous as many aliases of short ones. A
        bomb is reported at the innermost node that grows past a limit: the anchor whose
        aliases multiply out of bounds.
        """
        sizes: dict[int, tuple[int, int]] = {}
        active: set[int] = set()
        culprit: list[Node] = []

        def over(total: int, chars: int) -> bool:
            return total > MAX_EXPANDED_VALUES or chars > MAX_EXPANDED_CHARS

        def size(node: Node) -> tuple[int, int]:
            key = id(node)
            if key in sizes:
                return sizes[key]
            if key in active:
                raise _Recursive(node)
            active.add(key)
            total = 1
            chars = len(node.value) if isinstance(node, ScalarNode) else 0
            children: list[Node] = []
            if isinstance(node, SequenceNode):
                children = list(node.value)
            elif isinstance(node, MappingNode):
                children = [n for pair in node.value for n in pair]
            for child in children:
                n, c = size(child)
                total += n
                chars += c
                if over(total, chars):
                    if not culprit:
                        culprit.append(node)
                    break
            active.discard(key)
            sizes[key] = (total, chars)
            return total, chars

        try:
            total, chars = size(root)
        except _Recursive as rec:
            m = rec.node.start_mark
            return RawProblem(m.line, m.column, "alias_recursive")
        if over(total, chars):
            m = (culprit[0] if culprit else root).start_mark
            if total > MAX_EXPANDED_VALUES:
                return RawProblem(m.line, m.column, "alias_bomb", {"limit": MAX_EXPANDED_VALUES})
            return RawProblem(m.line, m.column, "yaml_too_big", {"limit": MAX_EXPANDED_CHARS})
        return None

    def _tag_ok(self, node: Node) -> bool:
        if node.tag in _PLAIN_TAGS:
            return True
        m = node.start_mark
        tag = str(node.tag)
        if tag.startswith(_CORE):
            tag = "!!" + tag[len(_CORE) :]
        self.problems.append(RawProblem(m.line, m.column, "tag_refused", {"tag": tag}))
        return False

    def build(self, node: Node, path: Path) -> Any:
        self.marks.setdefault(path, (node.start_mark.line, node.start_mark.column))
        if not self._tag_ok(node):
            return None
        if isinstance(node, ScalarNode):
            return self._scalar(node, path)
        if isinstance(node, SequenceNode):
            return [self.build(child, (*path, i)) for i, child in enumerate(node.value)]
        if isinstance(node, MappingNode):
            return self._mapping(node, path)
        return None  # pragma: no cover - PyYAML has no other node types

    def _scalar(self, node: ScalarNode, path: Path) -> Any:
        tag = node.tag
        if tag in (_CORE + "str", _CORE + "value"):
            return node.value
        if tag == _CORE + "timestamp":
            # Dates are kept as the text written; the format has no date fields.
            self.raw[path] = node.value
            return node.value
        self.raw[path] = node.value
        return self._constructor.construct_object(node, deep=True)

    def _mapping(self, node: MappingNode, path: Path) -> dict[str, Any]:
        out: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        merged: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _CORE + "merge":
                self._merge(value_node, path, merged)
                continue
            if not isinstance(key_node, ScalarNode) or not self._tag_ok(key_node):
                m = key_node.start_mark
                self.problems.append(RawProblem(m.line, m.column, "key_not_text"))
                continue
            key = str(key_node.value)
            if key in first_line:
                m = key_node.start_mark
                self.problems.append(
                    RawProblem(
                        m.line, m.column, "duplicate_key", {"key": key, "line": first_line[key]}
                    )
                )
                continue
            first_line[key] = key_node.start_mark.line + 1
            child = (*path, key)
            self.key_marks[child] = (key_node.start_mark.line, key_node.start_mark.column)
            out[key] = self.build(value_node, child)
        for key, value in merged.items():
            out.setdefault(key, value)
        return out

    def _merge(self, value_node: Node, path: Path, merged: dict[str, Any]) -> None:
        sources = value_node.value if isinstance(value_node, SequenceNode) else [value_node]
        for src in sources:
            if not isinstance(src, MappingNode):
                m = src.start_mark
                self.problems.append(RawProblem(m.line, m.column, "bad_merge"))
                continue
            data = self._mapping(src, path)
            for key, value in data.items():
                merged.setdefault(key, value)


class _Recursive(Exception):
    def __init__(self, node: Node) -> None:
        super().__init__("recursive alias")
        self.node = node
