"""``plazo report`` as text, Markdown, CSV and JSON (the HTML is :mod:`.report_html`).

Every output is strict: JSON has no NaN (``allow_nan=False``: a rate without decided
targets is ``null``), CSV rows all have the header's length, and text from tickets (a
group's value) is shown visibly in text, escaped in Markdown.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence

from attrs import asdict

from plazo.interpreter.batch.report import CommitmentRow, Report, ScopeRow, TargetRow
from plazo.interpreter.batch.summary import hours_minutes, rate_text, table

_VERDICTS = {"met": "met", "missed": "MISSED", "pending": "pending", "empty": "no tickets"}


def _group(group: Sequence[str]) -> str:
    return " / ".join(group)


def _by(report: Report) -> str:
    return ", ".join(report.by) if report.by else "group"


def _grouping(report: Report) -> str:
    return f"grouped by {', '.join(report.by)}" if report.by else "one group (all); --by FIELD[,FIELD] splits it"


def _figure(row: CommitmentRow) -> str:
    if row.share is not None:
        return f"{100 * row.share:.1f}%"
    return hours_minutes(row.percentile_seconds)


def _credit(row: CommitmentRow) -> str:
    return "-" if row.credit_percent is None else f"{row.credit_percent:g}%"


def _verdict(row: CommitmentRow) -> str:
    return _VERDICTS[row.verdict] + (" (partial period)" if row.partial else "")


def target_table(rows: Sequence[TargetRow]) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    head = ("period", "group", "target", "count", "met", "breached", "running", "n/a", "breach rate", "median", "p90")
    body: list[tuple[str, ...]] = [
        (r.period, _group(r.group), r.target, str(r.count), str(r.met), str(r.breached), str(r.running),
         str(r.not_applicable), rate_text(r.breach_rate), hours_minutes(r.median_seconds),
         hours_minutes(r.p90_seconds)) for r in rows]
    return head, body


def commitment_table(rows: Sequence[CommitmentRow]) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    head = ("period", "group", "commitment", "measure", "counted", "met", "breached", "running", "figure", "verdict",
            "credit owed")
    body: list[tuple[str, ...]] = [
        (r.period, _group(r.group), r.commitment, r.measure, str(r.count), str(r.met), str(r.breached),
         str(r.running), _figure(r), _verdict(r), _credit(r)) for r in rows]
    return head, body


def scope_table(rows: Sequence[ScopeRow]) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    head = ("period", "group", "in scope", "out of scope", "handed off")
    return head, [(r.period, _group(r.group), str(r.in_scope), str(r.out_of_scope), str(r.handed_off)) for r in rows]


def _heading(report: Report) -> list[str]:
    at = report.at or "each ticket's last event"
    window = ""
    if report.first or report.last:
        window = f", from {report.first or 'the start'} to {report.last or 'the end'}"
    return [f"{report.policy}: {report.tickets} tickets in {report.history}: {report.evaluated} evaluated, "
            f"{report.rejected} rejected (as of {at}{window})",
            f"per {report.period}, {_grouping(report)}; breach rates count only tickets in scope"]


def render_text(report: Report) -> str:
    out = [*_heading(report), ""]
    sections = (("Targets", target_table(report.targets), 3), ("Commitments", commitment_table(report.commitments), 4),
                ("Tickets in scope, out of scope and handed off", scope_table(report.scope), 2))
    for title, (head, body), numeric_from in sections:
        if title == "Commitments" and not body:
            continue
        head = (*head[:1], _by(report), *head[2:])
        out += [title, table(head, body, numeric_from=numeric_from).rstrip("\n"), ""]
    out += _credits(report)
    return "\n".join(out).rstrip("\n") + "\n"


def _credits(report: Report) -> list[str]:
    owed = [r for r in report.commitments if r.credit_percent is not None]
    if not owed:
        return ["No credit is owed."] if report.commitments else []
    return ["Credits owed:"] + [f"  {r.period} {_group(r.group)}: {_credit(r)} ({r.commitment}, {r.measure})"
                                for r in owed]


# ------------------------------------------------------------------ Markdown

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_MARKUP = re.compile(r"([\\`*_\[\]|~])")
# what starts a heading, a list item, a quote or a setext line at the start of a line
_LEADING = re.compile(r"^\s*(?:([#+\-=>])(?=[\s#=-]|$)|(\d+)([.)])(?=\s|$))")


def md(text: str) -> str:
    """Text safe inside a Markdown table cell or paragraph: markup characters escaped with a
    backslash, ``<``, ``>`` and ``&`` as entities, control characters as spaces, and what
    would start a heading or a list at the start of a line escaped too."""
    text = _CONTROL.sub(" ", text).strip().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MARKUP.sub(r"\\\1", text)
    return _LEADING.sub(lambda m: "\\" + m.group(1) if m.group(1) else m.group(2) + "\\" + m.group(3), text)


def _md_table(head: Sequence[str], body: Sequence[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(md(h) for h in head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(md(c) for c in row) + " |" for row in body]
    return "\n".join(lines) + "\n"


def render_markdown(report: Report) -> str:
    out = [f"# {md(report.policy)}: compliance report", "", *(md(line) + "  " for line in _heading(report)), ""]
    for title, (head, body) in (("Commitments", commitment_table(report.commitments)),
                                ("Targets", target_table(report.targets)),
                                ("Tickets in scope, out of scope and handed off", scope_table(report.scope))):
        if body:
            out += [f"## {md(title)}", "", _md_table((head[0], _by(report), *head[2:]), body)]
    credits = _credits(report)
    out += [md(line) if i == 0 else "- " + md(line) for i, line in enumerate(credits)]
    return "\n".join(out).rstrip("\n") + "\n"


# ------------------------------------------------------------------ CSV

CSV_HEAD = ("section", "period", "group", "name", "count", "met", "breached", "running", "not_applicable",
            "out_of_scope", "handed_off", "breach_rate", "median_seconds", "p90_seconds", "measure", "share",
            "percentile_seconds", "verdict", "credit_percent", "partial")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def render_csv(report: Report) -> str:
    """One table, every row as long as :data:`CSV_HEAD`: ``section`` says whether a row is a
    target's, a commitment's or the period's scope counts; ``group`` joins the values with " / "."""
    rows: list[tuple[object, ...]] = []
    for t in report.targets:
        rows.append(("target", t.period, _group(t.group), t.target, t.count, t.met, t.breached, t.running,
                     t.not_applicable, None, None, t.breach_rate, t.median_seconds, t.p90_seconds, None, None, None,
                     None, None, None))
    for c in report.commitments:
        rows.append(("commitment", c.period, _group(c.group), c.commitment, c.count, c.met, c.breached, c.running,
                     None, None, None, None, None, None, c.measure, c.share, c.percentile_seconds, c.verdict,
                     c.credit_percent, c.partial))
    for s in report.scope:
        rows.append(("scope", s.period, _group(s.group), None, s.in_scope, None, None, None, None, s.out_of_scope,
                     s.handed_off, None, None, None, None, None, None, None, None, None))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEAD)
    writer.writerows([_cell(v) for v in row] for row in rows)
    return out.getvalue()


# ------------------------------------------------------------------ JSON


def report_json(report: Report) -> dict[str, object]:
    """The JSON form: groups as objects (grouping field -> value), dates ISO 8601."""
    data = asdict(report)
    names = report.by or ("group",)
    for key in ("scope", "targets", "commitments"):
        for row in data[key]:
            row["group"] = dict(zip(names, row["group"], strict=True))
    data["first"] = report.first.isoformat() if report.first else None
    data["last"] = report.last.isoformat() if report.last else None
    data["by"] = list(report.by)
    data["distributions"] = [{"target": d.target, "minutes": [list(pair) for pair in d.minutes]}
                             for d in report.distributions]
    return data


def render_json(report: Report) -> str:
    return json.dumps(report_json(report), ensure_ascii=False, allow_nan=False, indent=2) + "\n"
