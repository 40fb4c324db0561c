"""Histories in batch: :mod:`.history` reads JSON Lines and CSV histories in pieces,
:mod:`.workers` evaluates the pieces on worker processes, :mod:`.summary` tallies the
outcomes, :mod:`.records` is what is written per ticket (and per change, comparing),
:mod:`.progress` the bar on a terminal."""

from plazo.interpreter.batch.history import Rejected, file_format
from plazo.interpreter.batch.progress import Progress
from plazo.interpreter.batch.records import Change, TicketRecord, csv_header, csv_row, record
from plazo.interpreter.batch.summary import Summary, SummaryRow, group_field, rate_text, render_rows, table
from plazo.interpreter.batch.workers import Job, PieceResult, run

__all__ = [
    "Change",
    "Job",
    "PieceResult",
    "Progress",
    "Rejected",
    "Summary",
    "SummaryRow",
    "TicketRecord",
    "csv_header",
    "csv_row",
    "file_format",
    "group_field",
    "rate_text",
    "record",
    "render_rows",
    "run",
    "table",
]
