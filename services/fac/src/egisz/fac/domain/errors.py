"""The center's errors: each has a stable code, a Russian message and who can fix it."""

from __future__ import annotations

from egisz.kernel.errors import DomainError, InvalidInputError


class CenterError(DomainError):
    code = "fac_rule"


class PackageIncompleteError(CenterError, InvalidInputError):
    code = "package_incomplete"
    default_message = "Пакет заявления неполон: периодической аккредитации нужен «portfolio.xml»"
    fixable_by = "support"
