"""FRMR's refusals: worker records, jobs, entries and corrections."""

from __future__ import annotations

from egisz.kernel.errors import (
    ConflictError,
    ForbiddenError,
    InvalidInputError,
    NotFoundError,
    TransientError,
)
from egisz.registry.domain.errors import RegistryError


class WorkerAlreadyRegisteredError(RegistryError, ConflictError):
    code = "worker_already_registered"
    default_message = (
        "Сотрудник с таким СНИЛС уже есть в ФРМР: его не вносят заново, а принимают на работу "
        "(«worker.hire») по СНИЛС и дате рождения"
    )
    fixable_by = "organization"


class WorkerNotFoundError(RegistryError, NotFoundError):
    code = "worker_not_found"
    default_message = (
        "Сотрудник с указанным СНИЛС не найден в системе ФРМР: работодателю нужно внести его"
    )
    fixable_by = "organization"


class NotInReviewError(RegistryError, ConflictError):
    code = "worker_not_in_review"
    default_message = "Личное дело не ждёт проверки на дубликат"
    fixable_by = "organization"


class OverlappingMainJobError(RegistryError, ConflictError):
    code = "overlapping_main_job"
    default_message = "Основные места работы не могут пересекаться по датам"
    fixable_by = "organization"


class EmploymentNotFoundError(RegistryError, NotFoundError):
    code = "employment_not_found"
    default_message = "В личном деле нет такой записи о работе"
    fixable_by = "organization"


class EntryNotFoundError(RegistryError, NotFoundError):
    code = "entry_not_found"
    default_message = "В личном деле нет такой записи: проверьте её вид и идентификатор"
    fixable_by = "organization"


class CorrectionFixRequiredError(RegistryError, InvalidInputError):
    code = "correction_fix_required"
    default_message = (
        "Запрос закрывается самим исправлением: передайте correction_id в команду, которая "
        "исправляет личное дело (исправление или аннулирование записи, изменение раздела)"
    )
    fixable_by = "organization"


class CorrectionMismatchError(RegistryError, InvalidInputError):
    code = "correction_mismatch"
    default_message = (
        "Это изменение не отвечает на запрос: запрос о другом работнике или о другом разделе"
    )
    fixable_by = "organization"


class CertificateAlreadyRecordedError(RegistryError, ConflictError):
    code = "certificate_already_recorded"
    default_message = (
        "Сертификат с этим номером от этой организации уже внесён в ФРМР: проверьте номер"
    )
    fixable_by = "organization"


class NotYourOrganizationError(RegistryError, ForbiddenError):
    code = "not_your_organization"
    default_message = "Ответственный сотрудник ведёт только записи своей организации"
    fixable_by = "organization"


class CorrectionNotFoundError(RegistryError, NotFoundError):
    code = "correction_not_found"
    default_message = "Запрос на исправление не найден"
    fixable_by = "organization"


class CorrectionAlreadyResolvedError(RegistryError, ConflictError):
    code = "correction_already_resolved"
    default_message = "Запрос на исправление уже рассмотрен"
    fixable_by = "organization"


class OrganizationNotLinkedError(RegistryError, InvalidInputError):
    code = "organization_not_linked"
    default_message = (
        "Эта организация не ведёт ваше личное дело: выберите организацию, где вы работаете"
    )
    fixable_by = "worker"


class WorkerInReviewError(RegistryError, ConflictError):
    code = "worker_in_review"
    default_message = "Личное дело ждёт проверки на дубликат: сначала решите, другой ли это человек"
    fixable_by = "organization"


class AccreditationNotYetRecordedError(RegistryError, TransientError):
    """A standing change came before the pass it changes (two consumers): try later."""

    code = "accreditation_not_yet_recorded"
    default_message = "Аккредитация ещё не внесена в личное дело: изменение её статуса подождёт"
