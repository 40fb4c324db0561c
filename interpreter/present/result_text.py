"""An :class:`~plazo.interpreter.run.results.EvaluationResult` as the lines ``plazo
evaluate`` prints: the ticket and instant, its field values, the rule that rejected
it, its route, the rules it breaks, each target and escalation, the open channels."""

from plazo.dsl.visible import visible
from plazo.interpreter.run.results import EvaluationResult


def render_result(result: EvaluationResult, policy_name: str) -> str:
    """One line per fact (a target's deciding clause on an indented line of its own),
    each ending in a newline; values from the ticket and the policy are :func:`visible`."""
    lines = [f"ticket {result.ticket} at {result.at.isoformat()} ({policy_name})",
             "fields: " + ", ".join(f"{k}={v}" for k, v in result.to_dict()["fields"].items())]
    if result.rejected:
        lines.append(f"rejected by {result.rejected.name}: {result.rejected.reason}")
    if result.route:
        reason = f" ({result.route.reason})" if result.route.reason else ""
        lines.append(f"route {result.route.name}: to {result.route.team}{reason}")
    lines += [f"violation {v.rule}: {v.message}" for v in result.violations]
    for t in result.targets:
        due = f" due {t.due.isoformat()}" if t.due else ""
        extra = f" ({t.reason})" if t.reason else ""
        lines.append(f"target {t.name}: {t.status}{due}{extra}")
        if t.clause:
            lines.append(f"    {t.clause}")
    for e in result.escalations:
        nxt = f", next at {e.next_at.isoformat()}" if e.next_at else ""
        lines.append(f"escalation {e.name}: level {e.current_level}{nxt}")
    lines.append("channels open: " + (", ".join(result.channels_open) or "none"))
    return "".join(visible(line) + "\n" for line in lines)
