"""The exit codes of every `plazo` command."""

from enum import IntEnum


class ExitCode(IntEnum):
    """0: all is well; 1: findings (errors in a policy, failed expectations, rejected
    tickets); 2: bad input (a file that cannot be read, bad arguments), never with a
    traceback."""

    OK = 0
    FINDINGS = 1
    BAD_INPUT = 2
