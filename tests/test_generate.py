"""examples/histories/generate.py: a seed gives one file, however many processes draw it,
and the draws it inlines for speed are the standard library's own."""

from __future__ import annotations

import importlib.util
import math
import random
import subprocess
import sys
from datetime import date, datetime, time, timedelta
from pathlib import Path
from types import ModuleType

from plazo.interpreter import load_policy

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "examples" / "histories" / "generate.py"


def _generate_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("generate_histories", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


generate = _generate_module()


def _run(tmp_path: Path, name: str, *options: str) -> bytes:
    out = tmp_path / name
    subprocess.run([sys.executable, str(SCRIPT), str(ROOT / "policies" / "intcomex.plazo"), "--seed", "5",
                    "--out", str(out), *options], check=True, timeout=300)
    return out.read_bytes()


def test_the_file_does_not_depend_on_the_processes(tmp_path: Path) -> None:
    n = str(generate.BLOCK + 300)  # two blocks: the second drawn on another process
    one = _run(tmp_path, "one.jsonl", "--tickets", n, "--jobs", "1")
    two = _run(tmp_path, "two.jsonl", "--tickets", n, "--jobs", "2")
    assert one == two
    lines = one.decode("utf-8").splitlines()
    assert len(lines) == generate.BLOCK + 300
    assert lines[0].startswith('{"id":"INT-0000001"') and lines[-1].startswith(f'{{"id":"INT-{int(n):07d}"')
    # the blocks are two streams, not one repeated
    assert lines[generate.BLOCK].split('"fields"')[1] != lines[0].split('"fields"')[1] or \
        lines[generate.BLOCK + 1].split('"fields"')[1] != lines[1].split('"fields"')[1]


def test_a_short_history_is_a_prefix_of_a_longer_one(tmp_path: Path) -> None:
    short = _run(tmp_path, "short.jsonl", "--tickets", "40", "--jobs", "1")
    longer = _run(tmp_path, "longer.jsonl", "--tickets", "90", "--jobs", "2")
    assert longer.startswith(short)


def test_the_inlined_draws_are_the_standard_librarys() -> None:
    policy = load_policy(ROOT / "policies" / "aldeamo.plazo")
    mine = generate.Generator(policy, 11, date(2026, 1, 5), 365)
    reference = random.Random(11)
    for median, spread in [(150, 0.8), (60, 0.7), (1440, 1.0), (2, 0.9)] * 500:
        expected = timedelta(minutes=max(1, round(reference.lognormvariate(math.log(median), spread))))
        assert mine.delay(median, spread) == expected
    for _ in range(2000):  # created(): the day drawn with its weights (rng.choices), then the hour
        day = reference.choices(mine.days, mine.weights)[0]
        if reference.random() < 0.85:
            hour = reference.gauss(10.5, 1.4) if reference.random() < 0.55 else reference.gauss(15.0, 1.6)
            hour = min(max(hour, 0.0), 23.99)
        else:
            hour = reference.uniform(0, 24)
        local = datetime.combine(day, time()) + timedelta(hours=hour)
        assert mine.created() == local.replace(tzinfo=policy.tz, second=0, microsecond=0)
