"""The README's picture of highlighting: a policy tokenized by the TextMate engine VS Code
uses (tests/textmate/tokenize.js), coloured as VS Code's default light theme colours
those scopes, and photographed by headless Chromium.

    python editors/screenshot.py [POLICY] [--lines A-B] [--out docs/images/highlighting.png]

Needs node with tests/textmate's packages installed (`npm ci` there) and `chromium`.
"""

from __future__ import annotations

import argparse
import html
import json
import shutil
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GRAMMAR = ROOT / "editors" / "vscode" / "syntaxes" / "plazo.tmLanguage.json"
TOKENIZER = ROOT / "tests" / "textmate" / "tokenize.js"
# VS Code's "Light+" colours for the scopes the grammar gives, most specific first
THEME = (
    ("comment", "#008000"),
    ("string", "#a31515"),
    ("constant.character.escape", "#ee0000"),
    ("constant.numeric", "#098658"),
    ("keyword.other.unit", "#0070c1"),
    ("keyword.control", "#af00db"),
    ("keyword.operator", "#000000"),
    ("keyword", "#0000ff"),
    ("entity.name", "#267f99"),
    ("variable", "#001080"),
)


def colour(scopes: list[str]) -> str | None:
    for scope in reversed(scopes):
        for prefix, value in THEME:
            if scope.startswith(prefix):
                return value
    return None


def page(path: Path, first: int, last: int) -> str:
    tokens = json.loads(subprocess.run(["node", str(TOKENIZER), str(GRAMMAR), "source.plazo", str(path)],
                                       check=True, capture_output=True, text=True).stdout)[str(path)]
    lines: dict[int, list[str]] = {}
    for line, _start, _end, text, scopes in tokens:
        if first <= line + 1 <= last:
            shown = html.escape(text)
            found = colour(scopes)
            lines.setdefault(line, []).append(f'<span style="color:{found}">{shown}</span>' if found else shown)
    body = "\n".join(f'<span class="n">{n + 1:>3}</span>  ' + "".join(lines.get(n, [])) for n in range(first - 1, last))
    return ("<!doctype html><meta charset='utf-8'><style>body{margin:0;background:#fff}"
            "pre{font:14px/1.45 'DejaVu Sans Mono',monospace;padding:14px 18px;margin:0;color:#000}"
            ".n{color:#237893}</style><pre>" + body + "</pre>")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("policy", nargs="?", default=str(ROOT / "policies" / "aldeamo.plazo"))
    parser.add_argument("--lines", default="120-150", help="the lines shown, A-B")
    parser.add_argument("--out", default=str(ROOT / "docs" / "images" / "highlighting.png"))
    args = parser.parse_args()
    first, last = (int(n) for n in args.lines.split("-"))
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        raise SystemExit("chromium is not installed (Debian: apt-get install chromium)")
    with tempfile.TemporaryDirectory() as folder:
        page_path = Path(folder) / "highlighting.html"
        page_path.write_text(page(Path(args.policy), first, last), encoding="utf-8")
        height = 28 + 20 * (last - first + 1)
        subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                        f"--window-size=1180,{height}", f"--screenshot={args.out}", page_path.as_uri()],
                       check=True, capture_output=True)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
