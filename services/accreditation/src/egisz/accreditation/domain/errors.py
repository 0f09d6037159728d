"""Accreditation errors: each has a stable code, a Russian message and who can fix it."""

from __future__ import annotations

from egisz.runtime.errors import ConflictError, DomainError


class AccreditationError(DomainError):
    code = "accreditation_rule"


class IllegalTransitionError(AccreditationError, ConflictError):
    code = "illegal_transition"
    default_message = "Заявление нельзя перевести в этот статус"
    fixable_by = "worker"
