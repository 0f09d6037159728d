"""The reporting service's refusals, each with its own code (`docs/contracts.md`)."""

from __future__ import annotations

from egisz.kernel.errors import ConflictError, DomainError, ForbiddenError, NotFoundError


class ReportingError(DomainError):
    """Root of the reporting service's refusals."""


class NotAnAuthorityError(ReportingError, ForbiddenError):
    code = "not_an_authority"
    default_message = (
        "Вы не состоите ни в одном органе управления здравоохранением, которому открыты отчёты: "
        "обратитесь в службу поддержки"
    )
    fixable_by = "support"


class OutsideAuthorityError(ReportingError, ForbiddenError):
    code = "outside_authority"
    default_message = (
        "Отчёты по этому региону или организации вам не доступны: выберите свой регион или свою "
        "организацию"
    )
    fixable_by = "worker"


class AuthorityNotFoundError(ReportingError, NotFoundError):
    code = "authority_not_found"
    default_message = "Такого органа нет в реестре: проверьте идентификатор"


class AuthorityExistsError(ReportingError, ConflictError):
    code = "authority_exists"
    default_message = "Орган с таким идентификатором уже есть в реестре"


class RebuildRunningError(ReportingError, ConflictError):
    code = "rebuild_running"
    default_message = "Пересборка уже идёт: дождитесь её окончания"
    fixable_by = "support"


class OpenDataFileNotFoundError(ReportingError, NotFoundError):
    code = "open_data_file_not_found"
    default_message = "Такого файла открытых данных нет: выберите выпуск из open_data.list"
