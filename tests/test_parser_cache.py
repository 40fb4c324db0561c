"""The parser cache (dsl/syntax/parser_cache.py): a parser loaded from the cache parses as
the one built from the grammar; another grammar text gets a fresh parser, never a stale
one; a cache that cannot be written or holds junk only means building in memory."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from lark import Lark
from lark.exceptions import UnexpectedInput

from plazo.dsl.syntax.parser_cache import cache_key, cached_lark
from plazo.grammar import grammar_text

ROOT = Path(__file__).resolve().parent.parent
OPTIONS = {"parser": "lalr", "propagate_positions": True, "maybe_placeholders": False}
SMALL = 'start: WORD+\n%import common.WORD\n%import common.WS\n%ignore WS\n'


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PLAZO_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("PLAZO_PARSER_CACHE", "1")
    return tmp_path / "cache"


def test_a_cached_parser_parses_every_bundled_policy_as_a_built_one(cache: Path) -> None:
    grammar = grammar_text("plazo")
    built = Lark(grammar, **OPTIONS)
    cached_lark(grammar, **OPTIONS)  # builds and stores
    assert len(list(cache.glob("parser-*.json"))) == 1
    loaded = cached_lark(grammar, **OPTIONS)  # loads
    policies = sorted((ROOT / "policies").glob("*.plazo"))
    assert policies
    for path in policies:
        text = path.read_text(encoding="utf-8")
        assert loaded.parse(text) == built.parse(text), path.name
    assert [r.origin.name for r in loaded.rules] == [r.origin.name for r in built.rules]


def test_a_loaded_parser_comes_from_the_file_not_from_building(cache: Path) -> None:
    cached_lark(SMALL, **OPTIONS)
    (stored,) = cache.glob("parser-*.json")
    # a file for this grammar that says WORD is digits: if it is read, the parser follows it
    stored.write_text(stored.read_text(encoding="utf-8").replace("(?:(?:[A-Z]|[a-z]))+", "[0-9]+"), encoding="utf-8")
    assert cached_lark(SMALL, **OPTIONS).parse("12 34").children[0] == "12"


def test_a_changed_grammar_text_gets_a_fresh_parser(cache: Path) -> None:
    first = cached_lark(SMALL, **OPTIONS)
    assert first.parse("hello world").children == ["hello", "world"]
    changed = SMALL.replace("WORD+", "WORD+ \"!\"")
    second = cached_lark(changed, **OPTIONS)
    assert second.parse("hello world !").children == ["hello", "world"]
    with pytest.raises(UnexpectedInput):
        second.parse("hello world")  # the old grammar's parser would take it
    assert cache_key(SMALL, OPTIONS) != cache_key(changed, OPTIONS)
    assert len(list(cache.glob("parser-*.json"))) == 2


def test_other_options_or_another_lark_version_are_another_key() -> None:
    assert cache_key(SMALL, OPTIONS) != cache_key(SMALL, {**OPTIONS, "propagate_positions": False})
    assert cache_key(SMALL, OPTIONS) == cache_key(SMALL, dict(reversed(OPTIONS.items())))


def test_a_damaged_file_is_rebuilt(cache: Path) -> None:
    cached_lark(SMALL, **OPTIONS)
    (stored,) = cache.glob("parser-*.json")
    for junk in ("", "{", '{"data": 1}', "[]", "null"):
        stored.write_text(junk, encoding="utf-8")
        assert cached_lark(SMALL, **OPTIONS).parse("a b").children == ["a", "b"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only directories")
def test_a_read_only_cache_directory_still_parses(cache: Path) -> None:
    cache.mkdir()
    cache.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        assert cached_lark(SMALL, **OPTIONS).parse("a b").children == ["a", "b"]
        assert not list(cache.iterdir())
    finally:
        cache.chmod(stat.S_IRWXU)


def test_a_cache_path_that_cannot_be_a_directory_still_parses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # works as root too: a file where the directory should be cannot be made a directory
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("PLAZO_CACHE_DIR", str(blocker / "cache"))
    assert cached_lark(SMALL, **OPTIONS).parse("a b").children == ["a", "b"]


def test_the_cache_can_be_turned_off(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLAZO_PARSER_CACHE", "0")
    assert cached_lark(SMALL, **OPTIONS).parse("a b").children == ["a", "b"]
    assert not cache.exists()
