"""The register of students and graduates' refusals."""

from __future__ import annotations

from egisz.kernel.errors import (
    ConflictError,
    ForbiddenError,
    NotFoundError,
)
from egisz.registry.domain.errors import RegistryError


# --- the register of students and graduates -------------------------------------------------
class LearnerBirthDateMismatchError(RegistryError, ConflictError):
    """Raised by the record; the import holds the row for the desk without saying why."""

    code = "learner_birth_date_mismatch"
    default_message = "Строка передана в поддержку на проверку"
    fixable_by = "support"


class LearnerNotFoundError(RegistryError, NotFoundError):
    code = "learner_not_found"
    default_message = "Обучающийся с указанным СНИЛС не найден в Регистре обучающихся"
    fixable_by = "organization"


class NotYourEducationalOrganizationError(RegistryError, ForbiddenError):
    code = "not_your_educational_organization"
    default_message = (
        "Сведения об обучающихся передаёт только их образовательная организация: ОГРН в файле "
        "не совпадает с организацией, от имени которой вы вошли"
    )
    fixable_by = "organization"
