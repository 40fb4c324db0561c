"""Hypothesis strategies for random plazo ASTs: every node the parser can build.

The ASTs are syntactically valid (names are not keywords, numbers have the shape
the grammar reads, times are times of day) but need not make sense to the
checker: the round trip is about the formatter and the parser only.
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import strategies as st

from plazo.dsl import ast
from plazo.dsl.names import WEEKDAYS
from plazo.dsl.syntax.parser import keywords

names = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,11}", fullmatch=True).filter(lambda s: s not in keywords())
# anything but a line break or a NUL fits in a quoted string; quotes and backslashes are escaped
texts = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\x00"), max_size=20)
labels = st.none() | texts
decimals = st.builds(
    lambda whole, frac: Decimal(f"{whole}.{frac}") if frac else Decimal(whole),
    st.integers(0, 10_000), st.none() | st.from_regex(r"[0-9]{1,3}", fullmatch=True),
)
minutes_of_day = st.integers(0, 24 * 60 - 1)


def tuples(elements: st.SearchStrategy, min_size: int = 0, max_size: int = 3) -> st.SearchStrategy:
    return st.lists(elements, min_size=min_size, max_size=max_size).map(tuple)


values = st.one_of(
    st.builds(ast.NameValue, names), st.builds(ast.NumberValue, decimals), st.builds(ast.StringValue, texts)
)
atoms = st.one_of(
    st.builds(ast.Comparison, names, st.sampled_from(["=", "!=", "<", "<=", ">", ">="]), values),
    st.builds(ast.Membership, names, tuples(values, 1)),
    st.builds(ast.Truthy, names),
)
conditions = st.recursive(
    atoms,
    lambda inner: st.one_of(
        st.builds(ast.Not, inner),
        st.builds(ast.And, tuples(inner, 2)),
        st.builds(ast.Or, tuples(inner, 2)),
    ),
    max_leaves=6,
)

regions = st.builds(ast.Region, names, st.none() | names)
zones = st.sampled_from(["America/Bogota", "America/New_York", "Etc/GMT+5", "America/Port-au-Prince"]) | texts
timezones = st.builds(ast.TimezoneDecl, zones)
holidays = st.builds(ast.HolidaysDecl, regions)
intervals = st.builds(ast.Interval, minutes_of_day, st.integers(0, 24 * 60))
dates = st.dates(min_value=__import__("datetime").date(1000, 1, 1))
day_ranges = st.builds(ast.DayRange, st.sampled_from(WEEKDAYS), st.none() | st.sampled_from(WEEKDAYS))
calendar_statements = st.one_of(
    st.builds(ast.WeeklyHours, tuples(day_ranges, 1), tuples(intervals, 1)),
    st.builds(ast.Always),
    st.builds(ast.ClosedOnHolidays),
    st.builds(ast.ClosedDate, dates, labels),
    st.builds(ast.SpecialHours, dates, tuples(intervals, 1), labels),
    timezones,
    holidays,
)
calendar_exprs = st.recursive(
    st.builds(ast.CalRef, names),
    lambda inner: st.one_of(
        st.builds(ast.CalUnion, inner, inner),
        st.builds(ast.CalDifference, inner, inner),
        st.builds(ast.CalComplement, inner),
    ),
    max_leaves=5,
)
durations = st.builds(ast.Duration, decimals, st.sampled_from(["minutes", "hours", "days"]), st.booleans())
event_refs = st.builds(ast.EventRef, names, st.none() | names)
deadlines = st.one_of(
    st.builds(ast.DurationDeadline, durations, st.none() | names),
    st.builds(ast.Agreed, names),
    st.builds(ast.NoTarget, texts),
    st.builds(ast.EndOfDay, names),
    st.builds(ast.NextDayAt, minutes_of_day, names),
)
target_statements = st.one_of(
    st.builds(ast.OnEvents, st.sampled_from(["start", "after_each"]), tuples(event_refs, 1, 1)),
    st.builds(ast.OnEvents, st.sampled_from(["stop", "reset", "cancel", "restart"]), tuples(event_refs, 1)),
    st.builds(ast.PauseWhile, conditions),
    st.builds(ast.WarnAt, decimals),
    st.builds(ast.Clause, st.none() | conditions, deadlines),
)
level_times = st.one_of(
    st.builds(ast.LevelAfter, durations, st.none() | names),
    st.builds(ast.LevelAtFraction, decimals, names),
    st.builds(ast.LevelOffset, durations, st.sampled_from(["before", "after"]), names),
)
levels = st.builds(ast.Level, decimals, labels, st.none() | texts, tuples(names), st.none() | level_times)
settings = st.builds(ast.Setting, st.sampled_from(["role", "email", "phone", "url"]), texts)
channel_statements = st.one_of(
    st.builds(ast.ChannelHours, names), st.builds(ast.ChannelContact, names),
    st.builds(ast.ChannelTakes, conditions),
    st.builds(ast.Setting, st.sampled_from(["email", "phone", "url"]), texts),
)
enum_values = st.builds(ast.EnumValue, names, labels, st.none() | texts, tuples(texts))
field_types = st.one_of(
    st.builds(ast.EnumType, tuples(enum_values)),
    st.builds(ast.ScalarType, st.sampled_from(["number", "boolean", "text", "datetime"])),
)


@st.composite
def matrices(draw: st.DrawFn) -> ast.MatrixDecl:
    width = draw(st.integers(0, 4))
    cells = st.builds(ast.Cell, names)
    columns = tuple(draw(cells) for _ in range(width))
    rows = tuple(
        ast.MatrixRow(draw(cells), tuple(draw(cells) for _ in range(width)))
        for _ in range(draw(st.integers(0, 3)) if width else 0)
    )
    return ast.MatrixDecl(draw(names), draw(names), draw(names), columns, rows)


items = st.one_of(
    st.builds(ast.CalendarDecl, names, labels, tuples(calendar_statements)),
    st.builds(ast.CalendarExprDecl, names, labels, calendar_exprs),
    st.builds(ast.FieldDecl, names, labels, field_types),
    st.builds(ast.StatusDecl, names, labels),
    st.builds(ast.EventDecl, names, labels),
    st.builds(ast.ContactDecl, names, labels, tuples(settings)),
    st.builds(ast.ChannelDecl, names, labels, tuples(channel_statements)),
    matrices(),
    st.builds(ast.DeriveDecl, names, tuples(st.builds(ast.DeriveCase, st.none() | conditions, values))),
    st.builds(ast.TargetDecl, names, labels, tuples(target_statements, max_size=5)),
    st.builds(
        ast.EscalationDecl, names, labels, st.none() | conditions,
        st.none() | st.builds(ast.LadderOnEvent, event_refs) | st.builds(ast.LadderOnBreach, names),
        tuples(levels),
    ),
    st.builds(ast.RouteDecl, names, conditions, texts, st.none() | names, st.none() | texts),
    st.builds(ast.RejectDecl, names, conditions, texts),
    st.builds(ast.RequireDecl, names, conditions, st.none() | conditions, texts),
    st.builds(ast.ForbidDecl, names, conditions, texts),
    st.builds(ast.FlowDecl, names, labels, st.none() | conditions, tuples(names, min_size=2, max_size=4)),
    st.builds(ast.OrderDecl, names, labels, event_refs, tuples(event_refs, min_size=1, max_size=3),
              st.none() | conditions, st.none() | texts),
    st.builds(ast.NotifyDecl, names, labels,
              st.builds(ast.ContactAudience, names) | st.builds(ast.TextAudience, texts),
              names, durations, st.none() | names, event_refs, st.none() | conditions, event_refs),
    st.builds(
        ast.MaintenanceDecl, labels,
        tuples(st.one_of(
            st.builds(ast.Notice, durations, st.none() | names, st.none() | durations),
            st.builds(ast.Window, intervals),
            st.builds(ast.Emergency, st.sampled_from(["any_time", "same_day"])),
        )),
    ),
)
policies = st.builds(
    ast.Policy,
    st.none() | st.builds(ast.PolicyDecl, names, labels, st.none() | decimals),
    st.none() | st.builds(ast.LanguageDecl, names),
    st.none() | timezones,
    st.none() | holidays,
    tuples(items, max_size=6),
)
