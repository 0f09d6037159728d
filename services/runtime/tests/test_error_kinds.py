"""Every refusal says what sort it is (`ErrorBody.kind`), so a caller that maps errors — the HTTP
gateway to statuses — needs no list of every service's codes. A service's error usually has two
bases; the specific one wins."""

from __future__ import annotations

import pytest

from egisz.kernel.errors import (
    ConcurrencyError,
    ConflictError,
    DomainError,
    ForbiddenError,
    InvalidInputError,
    NotFoundError,
    ServiceError,
    UnauthenticatedError,
)
from egisz.runtime.inbound import InvalidMessageError
from egisz.runtime.replies import error_body, internal_error_body


class ServiceRuleError(DomainError):
    code = "service_rule"


class NotYoursError(ServiceRuleError, ForbiddenError):
    code = "not_yours"


class TakenError(ServiceRuleError, ConflictError):
    code = "taken"


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        (InvalidInputError.of("snils", "bad"), "invalid"),
        (InvalidMessageError("not JSON"), "invalid"),
        (UnauthenticatedError(), "unauthenticated"),
        (NotYoursError(), "forbidden"),
        (NotFoundError(), "not_found"),
        (TakenError(), "conflict"),
        (ServiceRuleError(), "rule"),
        (ConcurrencyError(), "unavailable"),
        (ServiceError(), "internal"),
    ],
)
def test_each_refusal_names_its_kind(error: ServiceError, kind: str) -> None:
    assert error_body(error).kind == kind


def test_an_unexpected_failure_is_internal() -> None:
    assert internal_error_body().kind == "internal"
