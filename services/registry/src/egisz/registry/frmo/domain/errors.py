"""FRMO's refusals: registration requests, organizations, licences, scans and access."""

from __future__ import annotations

from egisz.kernel.errors import (
    ConflictError,
    InvalidInputError,
    NotFoundError,
    TransientError,
)
from egisz.registry.domain.errors import RegistryError


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


class SignerNotEntitledError(RegistryError, InvalidInputError):
    code = "signer_not_entitled"
    default_message = (
        "Заявление возвращено: подписать его может руководитель, названный в заявке, или лицо по "
        "его действующей доверенности — СНИЛС в сертификате подписи должен совпасть с указанным"
    )
    fixable_by = "organization"


class CertificateOfAnotherOrganizationError(RegistryError, InvalidInputError):
    code = "certificate_of_another_organization"
    default_message = (
        "Сертификат подписи выдан на другую организацию: ОГРН в нём не совпадает с ОГРН заявки"
    )
    fixable_by = "organization"


class ActSigningKeyMissingError(RegistryError, TransientError):
    code = "signing_key_missing"
    default_message = (
        "У реестра не настроен ключ подписи актов регистрации: заявку нельзя одобрить, "
        "обратитесь к администратору"
    )
    fixable_by = "support"


class RegistrationActNotFoundError(RegistryError, NotFoundError):
    code = "registration_act_not_found"
    default_message = "Акт регистрации не найден: проверьте код или организацию"
    fixable_by = "organization"


class TrustedCaNotFoundError(RegistryError, NotFoundError):
    code = "trusted_ca_not_found"
    default_message = "Такого удостоверяющего центра нет в списке, загруженном поддержкой"
    fixable_by = "support"


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


class AccessRequestNotFoundError(RegistryError, NotFoundError):
    code = "access_request_not_found"
    default_message = "Заявка на доступ не найдена"
    fixable_by = "support"


class AccessNotHeldError(RegistryError, NotFoundError):
    code = "access_not_held"
    default_message = "У этого человека нет доступа к этой организации"
    fixable_by = "support"


class BranchNotFoundError(RegistryError, NotFoundError):
    code = "branch_not_found"
    default_message = "Такого открытого филиала у организации нет"
    fixable_by = "organization"


class AffiliationNotFoundError(RegistryError, NotFoundError):
    code = "affiliation_not_found"
    default_message = "Такой связи с другой организацией у организации нет"
    fixable_by = "organization"


class EndpointNotFoundError(RegistryError, NotFoundError):
    code = "endpoint_not_found"
    default_message = "Такого адреса информационной системы у организации нет"
    fixable_by = "organization"
