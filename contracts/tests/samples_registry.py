"""Samples of the registry's messages (FRMR, FRMO, learners)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from .samples_base import BASE_SAMPLES, LEARNER_STUDY, NOW

EMPLOYMENT = {
    "employment_id": "e1",
    "organization_oid": "1.2.643.5.1.13.13.12.2.77.1",
    "position": "Врач-терапевт",
    "rate": "1.0",
    "kind": "main",
    "start_date": date(2020, 1, 1),
}
EDUCATION = {
    "education_id": "ed1",
    "level": "advanced_training",
    "institution": "РМАНПО",
    "speciality": "терапия",
    "document_number": "ПК-1",
    "document_date": date(2024, 3, 1),
    "hours": 144,
}
CERTIFICATE = {
    "certificate_id": "c1",
    "number": "0177 1",
    "issuer": "РНИМУ",
    "speciality": "терапия",
    "issued_on": date(2020, 1, 1),
    "valid_until": date(2025, 1, 1),
}
ACCREDITATION = {
    "record_id": "a1",
    "kind": "periodic",
    "speciality": "терапия",
    "passed_on": date(2026, 5, 1),
    "valid_until": date(2031, 5, 1),
}
CATEGORY = {
    "category_id": "k1",
    "category": "highest",
    "speciality": "терапия",
    "assigned_on": date(2023, 5, 5),
}
CORRECTION = {
    "correction_id": "c1",
    "worker_id": "w1",
    "organization_oid": "1.2.643.5.1.13.13.12.2.77.1",
    "section": "personal",
    "description": "Опечатка",
    "status": "open",
    "created_at": NOW,
}
REGISTRY_SAMPLES: dict[str, dict[str, Any]] = {
    "UpdateWorker": {
        "personal": {"last_name": "Иванова", "first_name": "Анна", "birth_date": date(1980, 1, 2)},
        "identity_document": {
            "series": "4500",
            "number": "123456",
            "issued_on": date(2010, 1, 1),
            "issuer": "ОВД",
        },
        "actual_address": {"postcode": "101000", "text": "Москва"},
    },
    "ResolveDuplicate": {"worker_id": "w1", "decision": "distinct"},
    "DuplicateResolution": {"worker_id": "w1", "decision": "duplicate", "worker": None},
    "ImportWorkers": {
        "rows": [
            {
                "row": 1,
                "snils": "11223344595",
                "last_name": "Иванов",
                "first_name": "Пётр",
                "birth_date": date(1980, 1, 2),
                "position": "Врач",
                "start_date": date(2020, 1, 1),
            }
        ]
    },
    "ImportResult": {
        "rows": [
            {"row": 1, "outcome": "created", "worker_id": "w1"},
            {
                "row": 2,
                "outcome": "failed",
                "errors": [{"field": "snils", "message": "m", "code": "checksum"}],
            },
        ]
    },
    "ImportLearners": {
        "organization": {"ogrn": "1027739054420", "name": "Первый МГМУ"},
        "rows": [
            {
                "row": 1,
                "snils": "11223344595",
                "last_name": "Смирнова",
                "first_name": "Дарья",
                "birth_date": date(2000, 3, 14),
                "programme_code": "31.05.01",
                "speciality": "Лечебное дело",
                "level": "specialist",
                "status": "graduated",
                "graduated_on": date(2024, 6, 28),
                "diploma_number": "107704 0012345",
            }
        ],
    },
    "ImportLearnersResult": {
        "rows": [
            {"row": 1, "outcome": "created", "learner_id": "l1"},
            {
                "row": 2,
                "outcome": "failed",
                "errors": [{"field": "graduated_on", "message": "m", "code": "missing"}],
            },
        ]
    },
    "ListLearnerHolds": {"after": "h0", "limit": 20},
    "LearnerHoldsPage": {
        "items": [
            {
                "hold_id": "h1",
                "organization": {"ogrn": "1027739054420", "name": "Первый МГМУ"},
                "row": {
                    "row": 3,
                    "snils": "11223344595",
                    "last_name": "Смирнова",
                    "first_name": "Дарья",
                    "birth_date": date(2001, 3, 14),
                    "programme_code": "31.05.01",
                    "speciality": "Лечебное дело",
                    "level": "specialist",
                    "status": "studying",
                },
                "held_at": datetime(2026, 12, 5, 10, 0, tzinfo=UTC),
                "reason": "СНИЛС уже есть с другой датой рождения",
            }
        ],
        "next_cursor": None,
    },
    "GetLearner": {"snils": "11223344595"},
    "LearnerView": {
        "learner_id": "l1",
        "snils": "11223344595",
        "last_name": "Смирнова",
        "first_name": "Дарья",
        "birth_date": date(2000, 3, 14),
        "studies": [LEARNER_STUDY],
        "version": 2,
    },
    "LearnerRecorded": {
        "learner_id": "l1",
        "snils": "11223344595",
        "last_name": "Смирнова",
        "first_name": "Дарья",
        "birth_date": date(2000, 3, 14),
        "studies": [LEARNER_STUDY],
        "record_version": 2,
    },
    "StartEmployment": {"worker_id": "w1", "position": "Врач", "start_date": date(2020, 1, 1)},
    "HireWorker": {
        "snils": "112-233-445 95",
        "birth_date": date(1985, 4, 12),
        "position": "Врач УЗИ",
        "rate": "0.5",
        "kind": "part_time",
        "start_date": date(2024, 1, 1),
    },
    "EndEmployment": {
        "worker_id": "w1",
        "employment_id": "e1",
        "end_date": date(2025, 1, 1),
        "dismissal_reason": "по собственному желанию",
    },
    "AddEducation": {
        "worker_id": "w1",
        **{k: v for k, v in EDUCATION.items() if k != "education_id"},
    },
    "AddCertificate": {
        "worker_id": "w1",
        **{k: v for k, v in CERTIFICATE.items() if k != "certificate_id"},
    },
    "AssignCategory": {
        "worker_id": "w1",
        **{k: v for k, v in CATEGORY.items() if k != "category_id"},
    },
    "CorrectEducation": {
        "worker_id": "w1",
        "education_id": "ed1",
        **{k: v for k, v in EDUCATION.items() if k != "education_id"},
        "reason": "Опечатка в номере",
        "correction_id": "c1",
    },
    "CorrectCertificate": {
        "worker_id": "w1",
        **CERTIFICATE,
        "reason": "Номер по сертификату",
    },
    "CorrectCategory": {"worker_id": "w1", **CATEGORY, "reason": "Дата по приказу"},
    "CorrectEmployment": {
        "worker_id": "w1",
        "employment_id": "e1",
        "position": "Врач-кардиолог",
        "start_date": date(2020, 1, 1),
        "reason": "Должность по приказу",
    },
    "AnnulEntry": {
        "worker_id": "w1",
        "kind": "employment",
        "entry_id": "e1",
        "reason": "Внесено по ошибке",
    },
    "RequestCheck": {
        "ready": False,
        "problems": [{"field": "scans", "message": "Приложите скан: устав", "code": "missing"}],
        "canonical": '{"type":"medical"}',
        "sha256": "0" * 64,
    },
    "SearchOrganizations": {"name": "ГКБ 1", "limit": 20},
    "OrganizationPage": {
        "items": [
            {
                "oid": "1.2.643.5.1.13.13.12.2.77.1",
                "type": "medical",
                "name": "ГБУЗ «ГКБ № 1»",
                "inn": "7707083893",
                "ogrn": "1027700132195",
                "kpp": "773601001",
                "legal_address": {"postcode": "101000", "text": "Москва"},
            }
        ],
        "next_cursor": "1.2.643.5.1.13.13.12.2.77.1",
    },
    "UpdateSubdivision": {
        "subdivision_oid": "1.2.643.5.1.13.13.12.2.77.1.0.1",
        "name": "Хирургическое отделение",
        "kind": "отделение",
    },
    "CloseSubdivision": {
        "subdivision_oid": "1.2.643.5.1.13.13.12.2.77.1.0.1",
        "closed_on": date(2026, 12, 31),
    },
    "UpdateEquipment": {
        "equipment_id": "e1",
        "kind": "МРТ",
        "model": "Magnetom Vida",
        "serial_number": "SN-1",
        "commissioned_on": date(2021, 3, 1),
    },
    "RemoveEquipment": {"equipment_id": "e1"},
    "RemoveLicence": {"number": "ЛО-77-01-000001"},
    "ListDuplicateReview": {"limit": 20},
    "DuplicateReviewPage": {
        "items": [
            {
                "worker_id": "w2",
                "snils": "11223344595",
                "last_name": "Иванова",
                "first_name": "Анна",
                "birth_date": date(1980, 1, 2),
                "possible_duplicate_of": ["w1"],
                "registered_by_org": "1.2.643.5.1.13.13.12.2.77.1",
                "registered_at": datetime(2026, 11, 21, 12, 0, tzinfo=UTC),
                "waiting_days": 3,
            }
        ],
        "next_cursor": "w2",
    },
    "ReportInaccuracy": {
        "organization_oid": "1.2.643.5.1.13.13.12.2.77.1",
        "section": "personal",
        "description": "Опечатка",
    },
    "ResolveCorrection": {"correction_id": "c1", "status": "declined", "comment": "Верно"},
    "CorrectionView": CORRECTION,
    "ListCorrections": {"status": "open"},
    "CorrectionPage": {"items": [CORRECTION], "next_cursor": "c1"},
    "ListStaff": {"after": "w0", "limit": 100},
    "StaffPage": {
        "items": [
            {
                "worker_id": "w1",
                "snils": "11223344595",
                "last_name": "Иванов",
                "first_name": "Пётр",
                "middle_name": None,
                "review": "active",
                "positions": ["Врач"],
            }
        ],
        "next_cursor": None,
    },
    "VerifyPractitioner": {"last_name": "Иванов", "first_name": "Пётр"},
    "VerificationResult": {
        "practitioners": [
            {
                "worker_id": "w1",
                "last_name": "Иванов",
                "first_name": "Пётр",
                "middle_name": None,
                "specialities": ["терапия"],
                "organizations": ["1.2.643.5.1.13.13.12.2.77.1"],
                "accreditations": [
                    {"speciality": "терапия", "valid_until": date(2031, 5, 1), "valid": True}
                ],
            }
        ]
    },
    "ListChanges": {"after": 10, "limit": 100},
    "ChangesPage": {"events": [{"id": "e1"}], "next_cursor": 11, "has_more": False},
    "WorkerFlaggedAsDuplicate": {"worker_id": "w2", "similar_to": ["w1"]},
    "DuplicateResolved": {"worker_id": "w2", "decision": "distinct"},
    "WorkerUpdated": {
        "worker_id": "w1",
        "snils": "11223344595",
        "sections": ["contacts"],
        "last_name": "Иванов",
        "first_name": "Пётр",
        "birth_date": date(1980, 1, 2),
        "email": "a@b.ru",
    },
    "EmploymentStarted": {"worker_id": "w1", "snils": "11223344595", "employment": EMPLOYMENT},
    "EmploymentEnded": {
        "worker_id": "w1",
        "snils": "11223344595",
        "employment": {
            **EMPLOYMENT,
            "end_date": date(2025, 1, 1),
            "dismissal_reason": "сокращение",
        },
    },
    "EducationAdded": {"worker_id": "w1", "snils": "11223344595", "education": EDUCATION},
    "CertificateAdded": {"worker_id": "w1", "snils": "11223344595", "certificate": CERTIFICATE},
    "CategoryAssigned": {"worker_id": "w1", "snils": "11223344595", "category": CATEGORY},
    "AccreditationRecorded": {
        "worker_id": "w1",
        "snils": "11223344595",
        "accreditation": ACCREDITATION,
    },
    "CorrectionRequested": {
        "correction_id": "c1",
        "worker_id": "w1",
        "organization_oid": "1.2.643.5.1.13.13.12.2.77.1",
        "section": "personal",
        "description": "Опечатка",
    },
    "CorrectionResolved": {
        "correction_id": "c1",
        "worker_id": "w1",
        "organization_oid": "1.2.643.5.1.13.13.12.2.77.1",
        "status": "corrected",
        "comment": "Номер по диплому",
        "fix": {"sections": ["education"], "entry_id": "ed1", "revision": 1},
    },
    "EntryCorrected": {
        "worker_id": "w1",
        "snils": "11223344595",
        "record_version": 4,
        "kind": "education",
        "entry_id": "ed1",
        "revision": 1,
        "reason": "Опечатка в номере",
        "correction_id": "c1",
        "education": EDUCATION,
    },
    "EntryAnnulled": {
        "worker_id": "w1",
        "snils": "11223344595",
        "record_version": 5,
        "kind": "employment",
        "entry_id": "e1",
        "revision": 2,
        "reason": "Внесено по ошибке",
    },
    "AccreditationPassed": {
        "application_id": "a1",
        "worker_id": "w1",
        "snils": "11223344595",
        "kind": "periodic",
        "speciality": "терапия",
        "passed_on": date(2026, 5, 1),
        "valid_until": date(2031, 5, 1),
        "protocol_number": "П-17",
    },
}
REGISTRY_SAMPLES["WorkerView"] = {
    **BASE_SAMPLES["WorkerView"],
    "employments": [EMPLOYMENT],
    "education": [EDUCATION],
    "certificates": [CERTIFICATE],
    "accreditations": [ACCREDITATION],
    "categories": [CATEGORY],
    "contacts": {"email": "a@b.ru", "phone": "4951234567"},
}

REQUISITES = {
    "name": "ГБУЗ «Поликлиника № 1»",
    "ogrn": "1027700132195",
    "inn": "7707083893",
    "kpp": "773601001",
    "okpo": "00032537",
    "legal_address": {"postcode": "101000", "text": "Москва"},
    "phone": "4951234567",
    "email": "info@clinic.ru",
}
LICENCE = {"number": "ЛО-1", "issued_on": date(2020, 1, 1), "activities": ["терапия"]}
EMPLOYEE = {
    "last_name": "Кадрова",
    "first_name": "Ольга",
    "snils": "11223344595",
    "email": "hr@clinic.ru",
}
HEAD = {
    "last_name": "Главврачова",
    "first_name": "Анна",
    "position": "главный врач",
    "snils": "11223344595",
}
ATTORNEY = {
    "last_name": "Доверенная",
    "first_name": "Ольга",
    "snils": "08765430300",
    "number": "77 АБ 1234567",
    "issued_on": date(2026, 1, 10),
    "valid_until": date(2027, 1, 10),
}
SUBMIT = {
    "type": "medical",
    "requisites": REQUISITES,
    "head": HEAD,
    "attorney": ATTORNEY,
    "licences": [LICENCE],
    "employees": [EMPLOYEE],
    "scans": [{"file_id": "f1", "kind": "charter"}],
    "signature": {"cades": "MIAGCSqGSIb3DQEHAqCAMIACAQEx"},
}
REQUEST_VIEW = {
    "request_id": "r1",
    "status": "accepted",
    "status_title": "Заявка принята",
    "type": "medical",
    "requisites": REQUISITES,
    "licences": [LICENCE],
    "employees": [EMPLOYEE],
    "scans": [
        {
            "file_id": "f1",
            "kind": "charter",
            "filename": "устав.pdf",
            "content_type": "application/pdf",
            "size": 10,
        }
    ],
    "history": [{"status": "accepted", "status_title": "Заявка принята", "actor": "u1", "at": NOW}],
    "head": HEAD,
    "signed_by": {
        "capacity": "head",
        "name": "Главврачова Анна Петровна",
        "certificate_serial": "1f",
        "certificate_issuer": "CN=Тестовый УЦ",
        "certificate_valid_until": NOW,
        "certificate_sha256": "ab" * 32,
    },
    "created_at": NOW,
    "version": 1,
}
SUBDIVISION = {"oid": "1.2.643.5.1.13.13.12.2.77.1.0.1", "name": "Терапия", "kind": "отделение"}
ORGANIZATION_VIEW = {
    "oid": "1.2.643.5.1.13.13.12.2.77.1",
    "type": "medical",
    "requisites": REQUISITES,
    "licences": [LICENCE],
    "subdivisions": [{**SUBDIVISION, "beds": {"терапевтические": 30}}],
    "equipment": [
        {
            "equipment_id": "e1",
            "kind": "МРТ",
            "model": "M",
            "serial_number": "S",
            "commissioned_on": date(2021, 1, 1),
        }
    ],
    "head": {"last_name": "Главный", "first_name": "Врач", "position": "главный врач"},
    "founders": ["Департамент здравоохранения"],
    "registered_at": NOW,
    "version": 2,
}
APPLICATION_VIEW = {
    "application_id": "a1",
    "worker_id": "w1",
    "kind": "periodic",
    "speciality": "терапия",
    "education_level": "higher",
    "consent": True,
    "status": "formed",
    "status_title": "Сформировано",
    "history": [
        {"status": "formed", "status_title": "Сформировано", "actor": "worker:w1", "at": NOW}
    ],
    "created_at": NOW,
    "version": 1,
}
