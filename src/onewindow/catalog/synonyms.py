"""Colloquial words and synonyms (口语、别称) that citizens search by, read strictly from
``data/synonyms.yaml``: each entry maps phrases people say to the services they mean."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.utils.translation import gettext as _

from onewindow.catalog.search import normalise

SYNONYMS = Path(__file__).resolve().parent / "data" / "synonyms.yaml"
FIELDS = {"say", "means", "items"}
LONGEST_PHRASE = 30


@dataclass(frozen=True)
class Synonym:
    """Phrases people say (``say``), the service they mean in the catalogue's words (``means``)
    and the codes of the items that provide it."""

    say: tuple[str, ...]
    means: str
    items: tuple[str, ...]
    line: int


class SynonymsInvalid(ValueError):
    """A bad entry in the synonyms file, named by its line and field."""


def read(path: Path = SYNONYMS, codes: set[str] | None = None) -> list[Synonym]:
    """Every entry of ``path``; with ``codes``, item codes outside it are errors too."""
    name = path.name
    try:
        root = yaml.compose(path.read_text("utf-8"))
    except yaml.YAMLError as error:
        raise SynonymsInvalid(f"{name}: {error}") from error
    if root is None:
        return []
    if not isinstance(root, yaml.SequenceNode):
        raise SynonymsInvalid(f"{name}: " + _("the file must be a list of entries"))
    entries, seen = [], {}
    for node in root.value:
        line = node.start_mark.line + 1
        entry = _entry(node, name, line, codes)
        for phrase in entry.say:
            if phrase in seen:
                raise SynonymsInvalid(
                    _("%(file)s line %(line)s: field say: %(phrase)s is already on line %(first)s")
                    % {"file": name, "line": line, "phrase": phrase, "first": seen[phrase]}
                )
            seen[phrase] = line
        entries.append(entry)
    return entries


def _entry(node, name: str, line: int, codes: set[str] | None) -> Synonym:
    def problem(field: str, message: str) -> SynonymsInvalid:
        return SynonymsInvalid(
            _("%(file)s line %(line)s: field %(field)s: %(message)s")
            % {"file": name, "line": line, "field": field, "message": message}
        )

    if not isinstance(node, yaml.MappingNode):
        raise problem("-", _("an entry must be a mapping with say, means and items"))
    data = yaml.safe_load(yaml.serialize(node))
    unknown = sorted(set(data) - FIELDS)
    if unknown:
        raise problem(unknown[0], _("unknown field"))
    for field in sorted(FIELDS - set(data)):
        raise problem(field, _("this field is required"))
    say, means, items = data["say"], data["means"], data["items"]
    if not isinstance(say, list) or not say:
        raise problem("say", _("a non-empty list of phrases"))
    phrases = []
    for phrase in say:
        key = normalise(phrase) if isinstance(phrase, str) else ""
        if not key or len(key) > LONGEST_PHRASE:
            message = _("%(phrase)r is not a phrase of 1 to 30 characters") % {"phrase": phrase}
            raise problem("say", message)
        phrases.append(key)
    if not isinstance(means, str) or not normalise(means):
        raise problem("means", _("the service meant, in the catalogue's words"))
    if not isinstance(items, list) or not items or not all(isinstance(c, str) for c in items):
        raise problem("items", _("a non-empty list of item codes"))
    if codes is not None:
        for code in items:
            if code not in codes:
                raise problem("items", _("no item has the code %(code)s") % {"code": code})
    return Synonym(say=tuple(phrases), means=means.strip(), items=tuple(items), line=line)


@functools.cache
def synonyms() -> tuple[Synonym, ...]:
    """The synonyms file, read once per process."""
    return tuple(read())
