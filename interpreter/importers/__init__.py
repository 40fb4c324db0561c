"""Importers: a helpdesk's documented export -> plazo tickets (JSON Lines), through a
mapping file that says which statuses, fields, values and comment kinds become which
plazo events and field values (docs/importers.md).

A sibling of ``batch``: it turns outside data into tickets, and uses the policy only to
check the mapping's names and each ticket it writes. One module per product
(:mod:`.zendesk`, :mod:`.jira`, :mod:`.zammad`); what is not mapped is counted in a
:class:`~.report.Report`, never dropped silently.
"""

from plazo.interpreter.errors import ExportError, MappingError
from plazo.interpreter.importers import jira, zammad, zendesk
from plazo.interpreter.importers.mapping import Mapping, load_mapping
from plazo.interpreter.importers.products import Product
from plazo.interpreter.importers.report import Entry, Report
from plazo.interpreter.importers.run import Imported, import_export, read_export

PRODUCTS: dict[str, Product] = {p.name: p for p in (zendesk.PRODUCT, jira.PRODUCT, zammad.PRODUCT)}

__all__ = [
    "PRODUCTS",
    "Entry",
    "ExportError",
    "Imported",
    "Mapping",
    "MappingError",
    "Product",
    "Report",
    "import_export",
    "load_mapping",
    "read_export",
]
