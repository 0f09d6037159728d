"""Registry errors: each has a stable code, a Russian message and who can fix it."""

from __future__ import annotations

from egisz.runtime.errors import ConflictError, DomainError, NotFoundError


class RegistryError(DomainError):
    code = "registry_rule"


class WorkerAlreadyRegisteredError(RegistryError, ConflictError):
    code = "worker_already_registered"
    default_message = "Сотрудник с таким СНИЛС уже есть в ФРМР"
    fixable_by = "organization"


class WorkerNotFoundError(RegistryError, NotFoundError):
    code = "worker_not_found"
    default_message = (
        "Сотрудник с указанным СНИЛС не найден в системе ФРМР: работодателю нужно внести его"
    )
    fixable_by = "organization"
