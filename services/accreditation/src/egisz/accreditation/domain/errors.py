"""Accreditation errors: each has a stable code, a Russian message and who can fix it."""

from __future__ import annotations

from egisz.runtime.errors import DomainError


class AccreditationError(DomainError):
    code = "accreditation_rule"
