"""The wire of egisz-workforce: every command, reply and event, and the subjects they travel on.

Nothing outside this package defines a message shape. The public surface is pinned by
``contracts/tests/test_public_surface.py``; change it only by adding optional fields or a new
``.vN`` type (DESIGN.md, Compatibility).
"""

from egisz.contracts.envelope import (
    Actor,
    CommandMeta,
    ErrorBody,
    ErrorCode,
    FieldError,
    FixableBy,
    Reply,
    Role,
    TokenClaims,
)
from egisz.contracts.events import CloudEvent, DeadLetter

__all__ = [
    "Actor",
    "CloudEvent",
    "CommandMeta",
    "DeadLetter",
    "ErrorBody",
    "ErrorCode",
    "FieldError",
    "FixableBy",
    "Reply",
    "Role",
    "TokenClaims",
]
