"""The checker: an ordered tuple of small pure passes over a parsed policy.

Each pass is ``fn(policy, scope) -> list[Diagnostic]`` (one module per family);
:func:`check` builds the scope once, runs them all and returns every diagnostic,
sorted.
"""

from __future__ import annotations

from collections.abc import Iterable

from plazo.dsl import ast
from plazo.dsl.check.calendars import check_calendars
from plazo.dsl.check.choices import check_choices
from plazo.dsl.check.clauses import check_clauses
from plazo.dsl.check.commitments import check_commitments
from plazo.dsl.check.contacts import check_contacts
from plazo.dsl.check.declarations import check_duplicates
from plazo.dsl.check.durations import check_durations
from plazo.dsl.check.header import check_header
from plazo.dsl.check.ladders import check_escalations
from plazo.dsl.check.maintenance import check_maintenance
from plazo.dsl.check.matrices import check_matrices
from plazo.dsl.check.notify import check_notify
from plazo.dsl.check.references import check_names
from plazo.dsl.check.scope import Pass, build_scope
from plazo.dsl.check.targets import check_targets
from plazo.dsl.check.unused import check_unused
from plazo.dsl.check.workflow import check_workflow
from plazo.dsl.check.zones import check_zone_choice
from plazo.dsl.diagnostics import Diagnostic, Span, sort_diagnostics

PASSES: tuple[Pass, ...] = (
    check_header,
    check_duplicates,
    check_names,
    check_matrices,
    check_targets,
    check_clauses,
    check_escalations,
    check_durations,
    check_calendars,
    check_choices,
    check_zone_choice,
    check_contacts,
    check_maintenance,
    check_workflow,
    check_notify,
    check_commitments,
    check_unused,
)

# Which passes look at each AST node (tests/test_language_coverage.py keeps this
# table, the AST and PASSES in agreement, so a new node cannot go unchecked).
CHECKED_BY: dict[type, tuple[Pass, ...]] = {
    ast.Policy: (check_header,), ast.PolicyDecl: (check_header,), ast.LanguageDecl: (check_header,),
    ast.TimezoneDecl: (check_header, check_calendars), ast.HolidaysDecl: (check_header, check_calendars),
    ast.Region: (check_header,),
    ast.TimezoneChoice: (check_header, check_zone_choice), ast.ZoneCase: (check_header, check_zone_choice),
    ast.NameValue: (check_names,), ast.NumberValue: (check_names,), ast.StringValue: (check_names,),
    ast.Comparison: (check_names, check_clauses), ast.Membership: (check_names, check_clauses),
    ast.Truthy: (check_names, check_clauses), ast.Not: (check_clauses,), ast.And: (check_clauses,),
    ast.Or: (check_clauses,),
    ast.CalendarDecl: (check_duplicates, check_calendars, check_unused), ast.WeeklyHours: (check_calendars,),
    ast.DayRange: (check_calendars,), ast.Interval: (check_calendars, check_maintenance),
    ast.Always: (check_calendars,), ast.ClosedOnHolidays: (check_calendars,), ast.ClosedDate: (check_calendars,),
    ast.SpecialHours: (check_calendars,), ast.CalendarExprDecl: (check_duplicates, check_calendars),
    ast.CalRef: (check_names, check_calendars), ast.CalUnion: (check_calendars,),
    ast.CalDifference: (check_calendars,), ast.CalComplement: (check_calendars,),
    ast.CalChoice: (check_choices,), ast.CalChoiceCase: (check_choices,),
    ast.YearlyDate: (check_calendars,), ast.NthWeekday: (check_calendars,), ast.RecurringRange: (check_calendars,),
    ast.ClosedEvery: (check_calendars,),
    ast.HoursEvery: (check_calendars,), ast.DayLength: (check_calendars, check_durations),
    ast.FieldDecl: (check_duplicates, check_unused), ast.EnumType: (check_duplicates, check_matrices),
    ast.EnumValue: (check_duplicates, check_names), ast.ScalarType: (check_names, check_matrices),
    ast.StatusDecl: (check_duplicates, check_names), ast.EventDecl: (check_duplicates, check_names, check_unused),
    ast.Setting: (check_contacts,), ast.ContactDecl: (check_duplicates, check_contacts, check_unused),
    ast.ChannelHours: (check_names,), ast.ChannelContact: (check_names,), ast.ChannelTakes: (check_names,),
    ast.ChannelDecl: (check_duplicates, check_contacts),
    ast.Cell: (check_matrices,), ast.MatrixRow: (check_matrices,), ast.MatrixDecl: (check_matrices, check_duplicates),
    ast.DeriveCase: (check_names, check_clauses), ast.DeriveDecl: (check_names, check_duplicates, check_clauses),
    ast.Duration: (check_durations,), ast.EventRef: (check_names,), ast.DurationDeadline: (check_clauses,),
    ast.Agreed: (check_names,), ast.NoTarget: (check_clauses,), ast.EndOfDay: (check_names,),
    ast.NextDayAt: (check_names,), ast.Clause: (check_clauses,), ast.OnEvents: (check_targets, check_names),
    ast.PauseWhile: (check_names,), ast.WarnAt: (check_targets,),
    ast.ResumeOn: (check_targets, check_names, check_durations), ast.OnChange: (check_targets,),
    ast.TargetDecl: (check_targets, check_duplicates),
    ast.LadderOnEvent: (check_names,), ast.LadderOnBreach: (check_names,), ast.LevelAfter: (check_escalations,),
    ast.LevelAtFraction: (check_escalations, check_names), ast.LevelOffset: (check_escalations, check_names),
    ast.Level: (check_escalations,), ast.EscalationDecl: (check_escalations, check_duplicates),
    ast.RouteDecl: (check_names, check_duplicates, check_clauses), ast.RejectDecl: (check_names, check_duplicates),
    ast.RequireDecl: (check_names, check_duplicates), ast.ForbidDecl: (check_names, check_duplicates),
    ast.Notice: (check_durations, check_maintenance), ast.Window: (check_maintenance,),
    ast.Emergency: (check_maintenance,), ast.MaintenanceDecl: (check_maintenance,),
    ast.DayWindow: (check_maintenance,), ast.EmergencyNotice: (check_maintenance,),
    ast.CommitmentDecl: (check_commitments, check_duplicates), ast.CommitTarget: (check_names, check_commitments),
    ast.CommitWhen: (check_names, check_commitments), ast.CommitPeriod: (check_commitments,),
    ast.AtMostBreached: (check_commitments,), ast.AtLeastMet: (check_commitments,),
    ast.PercentileAtMost: (check_commitments,), ast.Credit: (check_commitments,),
    ast.FlowDecl: (check_workflow, check_names, check_duplicates),
    ast.OrderDecl: (check_workflow, check_names, check_duplicates),
    ast.NotifyDecl: (check_notify, check_names, check_duplicates, check_durations),
    ast.ContactAudience: (check_names,), ast.TextAudience: (),  # a description in words: nothing to check
    ast.Comment: (),  # comments carry no meaning: nothing to check
}


def check(policy: ast.Policy, unreadable: Iterable[Span] = ()) -> list[Diagnostic]:
    """Every diagnostic of every pass, sorted by position.

    ``unreadable``: the spans of times and dates the parser could not read (it built
    stand-ins for them); nothing is said of the nodes that hold them.
    """
    scope = build_scope(policy, unreadable)
    found: list[Diagnostic] = []
    for run in PASSES:
        found.extend(run(policy, scope))
    return sort_diagnostics(found)
