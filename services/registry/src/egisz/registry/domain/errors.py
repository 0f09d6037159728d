"""Registry errors: each has a stable code, a Russian message and who can fix it."""

from __future__ import annotations

from egisz.kernel.errors import (
    ConflictError,
    DomainError,
    ForbiddenError,
    InvalidInputError,
    NotFoundError,
)


class RegistryError(DomainError):
    code = "registry_rule"


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


class IllegalTransitionError(RegistryError, ConflictError):
    code = "illegal_transition"
    default_message = "Заявку нельзя перевести в этот статус"
    fixable_by = "support"


class LicenceExpiredError(RegistryError, ConflictError):
    code = "licence_expired"
    default_message = (
        "Срок действия лицензии истёк: заявку нельзя одобрить, запросите у заявителя действующую"
    )
    fixable_by = "organization"


class SignatureMissingError(RegistryError, InvalidInputError):
    code = "signature_missing"
    default_message = (
        "Заявление возвращено: оно не подписано. Подпишите запрос электронной подписью "
        "(«Подписать запрос») и отправьте снова"
    )
    fixable_by = "organization"


class SignatureInvalidError(RegistryError, InvalidInputError):
    code = "signature_invalid"
    default_message = (
        "Заявление возвращено: подпись не подходит к запросу. Подпишите именно этот запрос "
        "(`registration_request.check` отвечает, что подписывать) и отправьте снова"
    )
    fixable_by = "organization"


class SubdivisionNotFoundError(RegistryError, NotFoundError):
    code = "subdivision_not_found"
    default_message = "В организации нет подразделения с таким OID"
    fixable_by = "organization"


class LicenceNotFoundError(RegistryError, NotFoundError):
    code = "licence_not_found"
    default_message = "У организации нет лицензии с таким номером"
    fixable_by = "organization"


class EquipmentNotFoundError(RegistryError, NotFoundError):
    code = "equipment_not_found"
    default_message = "У организации нет такого оборудования"
    fixable_by = "organization"


class RequestNotFoundError(RegistryError, NotFoundError):
    code = "request_not_found"
    default_message = "Заявка не найдена"
    fixable_by = "organization"


class OrganizationNotFoundError(RegistryError, NotFoundError):
    code = "organization_not_found"
    default_message = "Организация не найдена в ФРМО"
    fixable_by = "organization"


class OrganizationAlreadyRegisteredError(RegistryError, ConflictError):
    code = "organization_already_registered"
    default_message = "Организация с этим ИНН уже есть в ФРМО или ждёт решения по заявке"
    fixable_by = "organization"


class EmailTakenError(RegistryError, ConflictError):
    code = "email_taken"
    default_message = "Этот e-mail уже закреплён за другим пользователем: у каждого свой адрес"
    fixable_by = "organization"


class FileRefusedError(RegistryError, InvalidInputError):
    code = "file_refused"
    default_message = "Файл не принят"
    fixable_by = "organization"


class NoAccessGrantError(RegistryError, ForbiddenError):
    code = "no_access_grant"
    default_message = (
        "Нет доступа к организации в ФРМО/ФРМР: доступ дают одобренная заявка организации или "
        "заявка на доступ ответственным сотрудникам, которую рассматривает служба поддержки ЕГИСЗ"
    )
    fixable_by = "organization"


class AccessRequestNotFoundError(RegistryError, NotFoundError):
    code = "access_request_not_found"
    default_message = "Заявка на доступ не найдена"
    fixable_by = "support"


class AccessNotHeldError(RegistryError, NotFoundError):
    code = "access_not_held"
    default_message = "У этого человека нет доступа к этой организации"
    fixable_by = "support"


class TooManyIdentityMissesError(RegistryError, ForbiddenError):
    """`domain.identity_check`: a caller who named too many wrong SNILS and birth date pairs
    today is stopped for a day, whatever the next pair is."""

    code = "too_many_identity_misses"
    default_message = (
        "За сутки слишком много раз указаны СНИЛС и дата рождения, которые не совпали с ФРМР: "
        "проверьте данные по документам и повторите завтра или обратитесь в поддержку"
    )
    fixable_by = "support"


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
