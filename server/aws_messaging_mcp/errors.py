"""Exceptions that domain code raises for input a caller can correct.

    InputError            the caller sent something the domain cannot use
     +-- UnknownIdError   an id outside a fixed vocabulary

Transports turn an `InputError` into a tool error (MCP) or exit status 2
(CLI), with the message as written: it must say what to change.
"""

from collections.abc import Iterable


class InputError(ValueError):
    """Input that the caller can fix; the message says how."""


class UnknownIdError(InputError):
    """An id that is not in a fixed vocabulary."""

    def __init__(self, kind: str, value: str, valid: Iterable[str]) -> None:
        self.kind = kind
        self.value = value
        self.valid = sorted(valid)
        choices = ", ".join(self.valid)
        super().__init__(f"unknown {kind} {value!r}; use one of: {choices}")
