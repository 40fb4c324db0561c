"""A start of `plazo check` loads what checking needs and nothing more, and each shortcut
it takes gives the answer of the long way (benchmarks/bench_startup.py times it)."""

from __future__ import annotations

import json
import subprocess
import sys
import zoneinfo
from pathlib import Path

import holidays
from holidays.registry import EntityLoader

import plazo.interpreter
from plazo.dsl.check.header import HOST_ZONES, known_zone, time_zones
from plazo.dsl.regions import _codes_in_registry_source, country_codes, region_problem, supported_regions

ROOT = Path(__file__).resolve().parent.parent

# what `plazo check` must not load: the evaluator, the batch runner, the renderers, the
# service, the package of holidays (its registry is read from source) and importlib.metadata
NOT_FOR_CHECK = ("plazo.interpreter.compile", "plazo.interpreter.run", "plazo.interpreter.explain",
                 "plazo.interpreter.policy", "plazo.interpreter.present", "plazo.interpreter.batch",
                 "plazo.interpreter.simulate", "plazo.interpreter.serve", "plazo.interpreter.lsp",
                 "holidays", "importlib.metadata")


def _modules_after(argv: list[str]) -> list[str]:
    script = ("import sys, json\nfrom plazo.interpreter.cli.main import main\ncode = main(sys.argv[1:])\n"
              "print(json.dumps([code, sorted(sys.modules)]), file=sys.stderr)")
    result = subprocess.run([sys.executable, "-c", script, *argv], capture_output=True, text=True, timeout=120)
    code, modules = json.loads(result.stderr.strip().splitlines()[-1])
    assert code == 0, result.stdout
    return list(modules)


def test_check_loads_the_language_only() -> None:
    loaded = _modules_after(["check", str(ROOT / "policies" / "aldeamo.plazo")])
    assert "plazo.dsl.check.checker" in loaded  # the test sees what it claims to
    found = [m for m in loaded if any(m == n or m.startswith(n + ".") for n in NOT_FOR_CHECK)]
    assert found == []


def test_help_still_lists_every_command() -> None:
    loaded = _modules_after(["--help"])
    assert "plazo.interpreter.cli.evaluate" in loaded and "plazo.interpreter.cli.report" in loaded


def test_the_registry_read_from_source_is_the_packages_answer() -> None:
    read = _codes_in_registry_source()
    assert read is not None  # the installed release is laid out as the reader expects
    assert read == tuple(EntityLoader.get_country_codes(include_aliases=True))
    assert read == country_codes() == tuple(holidays.list_supported_countries())
    assert {"CO", "MX", "US", "UK", "USA", "GT"} <= set(read)


def test_regions_answer_as_before() -> None:
    assert region_problem("CO", None) is None and region_problem("US", "CA") is None
    assert region_problem("UK", None) is None  # an alias
    missing = region_problem("XX", None)
    assert missing is not None and missing.message == "no public holidays are known for 'XX'"
    wrong = region_problem("US", "ZZ")
    assert wrong is not None and wrong.message == "'ZZ' is not a subdivision of US"
    assert set(supported_regions()["US"]) == set(holidays.US.subdivisions)


def test_known_zone_is_membership_of_the_whole_listing() -> None:
    listed = time_zones()
    for name in [*sorted(zoneinfo.available_timezones()), *HOST_ZONES, "America/Bogta", "Mars/Olympus",
                 "", "America", "posix/America/Bogota", "../etc/passwd", "America//Bogota"]:
        assert known_zone(name) == (name in listed), name


def test_the_lazy_api_gives_the_modules_objects() -> None:
    assert sorted(plazo.interpreter.__all__) == sorted(plazo.interpreter._WHERE)
    for name, module in plazo.interpreter._WHERE.items():
        assert getattr(plazo.interpreter, name) is getattr(sys.modules[module], name), name


def test_explain_stays_the_function_when_its_subpackage_loads_first() -> None:
    script = ("from plazo.interpreter.explain.facts import explain as function\n"
              "from plazo.interpreter import explain\nassert explain is function, explain\n"
              "from plazo.interpreter.explain import labels\n"
              "from plazo.interpreter import explain as again\nassert again is function, again\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
