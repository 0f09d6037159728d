"""The directory's refusals: a search parameter it cannot honour (named, with the fix), a
resource or a version it does not have, one that is gone."""

from __future__ import annotations

from egisz.kernel.errors import FieldProblem, InvalidInputError, NotFoundError
from egisz.registry.domain.errors import RegistryError


class SearchParameterError(RegistryError, InvalidInputError):
    """A parameter that cannot be used as sent: FHIR answers 400 with an OperationOutcome."""

    code = "invalid_search"
    default_message = "Параметр поиска не прочитан"

    def __init__(self, parameter: str, message: str, code: str = "invalid_search") -> None:
        super().__init__(message, code=code, fields=[FieldProblem(parameter, message, code)])
        self.parameter = parameter


class ResourceNotFoundError(RegistryError, NotFoundError):
    code = "resource_not_found"
    default_message = "Такого ресурса в справочнике нет"
    fixable_by = "worker"


class ResourceGoneError(RegistryError, NotFoundError):
    """The resource was deleted (its record left the register): FHIR's 410 Gone."""

    code = "resource_gone"
    default_message = "Ресурс удалён из справочника: его история доступна через _history"
    fixable_by = "worker"
