"""The wire of egisz-workforce: every command, reply and event, and the subjects they travel on.

Nothing outside this package defines a message shape. The public surface and the subjects are
pinned by ``contracts/tests/test_contracts.py``; change the wire only by adding optional fields
or a new ``.vN`` type (README.md, Versions).
"""

from importlib.metadata import PackageNotFoundError, version

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

try:
    __version__ = version("egisz-contracts")
except PackageNotFoundError:  # run from a source tree without installing
    __version__ = "0.0.0"

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
    "__version__",
]
