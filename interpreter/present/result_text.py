"""An :class:`~plazo.interpreter.run.results.EvaluationResult` as the lines ``plazo
evaluate`` prints: the ticket and instant, its field values, the rule that rejected
it, its route, the rules it breaks, each target and escalation, the open channels."""

from plazo.dsl.visible import visible
from plazo.interpreter.present.wording import Language, lang
from plazo.interpreter.run.results import EvaluationResult, HandOff

# the one line a reader must not miss: the ticket left the support team (the targets stopped)
_HANDED_OFF: dict[Language, str] = {
    "es": "fuera del soporte: trasladado a {team} (route {route}) desde {at}",
    "en": "out of support: handed off to {team} (route {route}) at {at}",
}


def hand_off_line(h: HandOff, language: str | None) -> str:
    """``fuera del soporte: trasladado a Departamento de Crédito (route credito) desde ...``,
    in the policy's language."""
    return _HANDED_OFF[lang(language)].format(team=h.team, route=h.route, at=h.at.isoformat())


def render_result(result: EvaluationResult, policy_name: str, language: str | None = "en") -> str:
    """One line per fact (a target's deciding clause on an indented line of its own),
    each ending in a newline; values from the ticket and the policy are :func:`visible`.
    A hand-off is said in ``language`` (the policy's), right after the ticket's fields."""
    lines = [f"ticket {result.ticket} at {result.at.isoformat()} ({policy_name})",
             "fields: " + ", ".join(f"{k}={v}" for k, v in result.to_dict()["fields"].items())]
    if result.handed_off:
        lines.append(hand_off_line(result.handed_off, language))
    if result.rejected:
        lines.append(f"rejected by {result.rejected.name}: {result.rejected.reason}")
    if result.route:
        reason = f" ({result.route.reason})" if result.route.reason else ""
        lines.append(f"route {result.route.name}: to {result.route.team}{reason}")
    lines += [f"violation {v.rule}: {v.message}" for v in result.violations]
    lines += [f"violation {w.rule}: event {w.event_index} ({w.event}) at {w.at.isoformat()}"
              + (f", {w.from_status or '(no status)'} -> {w.to_status}" if w.to_status else "")
              + f": {w.message}" for w in result.workflow]
    for t in result.targets:
        due = f" due {t.due.isoformat()}" if t.due else ""
        extra = f" ({t.reason})" if t.reason else ""
        lines.append(f"target {t.name}: {t.status}{due}{extra}")
        if t.clause:
            lines.append(f"    {t.clause}")
    for e in result.escalations:
        nxt = f", next at {e.next_at.isoformat()}" if e.next_at else ""
        lines.append(f"escalation {e.name}: level {e.current_level}{nxt}")
    for n in result.notifications:
        due = f" due {n.due.isoformat()}" if n.due else ""
        met = f", told at {n.met_at.isoformat()}" if n.met_at else ""
        extra = f" ({n.reason})" if n.reason else ""
        lines.append(f"notify {n.name}: {n.status}{due}{met}{extra}")
        lines.append(f"    {n.audience} via {n.medium}")
    lines.append("channels open: " + (", ".join(result.channels_open) or "none"))
    return "".join(visible(line) + "\n" for line in lines)
