"""The bounds the language and the engine share (README, "Limits").

One place, because the checker refuses a policy the engine could not answer and the
two must agree on where that line is; the dsl may not import the engine, and the
engine's ``time`` stage may use the dsl's foundations, so the numbers live here.
"""

# A business-time search gives up this many years past the year it starts in
# (HorizonError): a duration that passes `plazo check` (at most MAX_DURATION_YEARS, on a
# calendar open at least as much as that takes) ends well inside it, and a question that
# would need more is a wrong calendar or an attack, not an SLA.
HORIZON_YEARS = 100

# The longest duration a policy may state, in any unit (business days count as days).
# Real SLAs run from minutes to a few months (a year at the very most); ten years leaves
# an order of magnitude of room, and past it a number is a typo or an attack.
MAX_DURATION_YEARS = 10
