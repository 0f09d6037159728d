"""The wire is a promise to other teams: these tests pin it."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

import egisz.contracts as contracts
from egisz.contracts import schema, subjects
from egisz.contracts.envelope import ErrorBody, FieldError, Reply
from egisz.contracts.events import CloudEvent

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)

LEARNER_STUDY = {
    "organization_ogrn": "1027739054420",
    "organization_name": "Первый МГМУ",
    "programme_code": "31.05.01",
    "speciality": "Лечебное дело",
    "level": "specialist",
    "status": "graduated",
    "graduated_on": date(2024, 6, 28),
    "diploma_number": "107704 0012345",
}
SAMPLES: dict[str, dict[str, Any]] = {
    "DeadLetter": {
        "consumer": "portfolio-worker-registered",
        "subject": "egisz.registry.evt.worker.registered",
        "message_id": "e1",
        "reason": "bad",
        "deliveries": 1,
        "body": "{}",
        "dead_lettered_at": NOW,
    },
    "RegisterWorker": {
        "snils": "112-233-445 95",
        "last_name": "Иванов",
        "first_name": "Пётр",
        "middle_name": None,
        "birth_date": date(1980, 1, 2),
    },
    "GetWorker": {"snils": "11223344595"},
    "WorkerView": {
        "worker_id": "w1",
        "snils": "11223344595",
        "last_name": "Иванов",
        "first_name": "Пётр",
        "middle_name": "Ильич",
        "birth_date": date(1980, 1, 2),
        "registered_at": NOW,
        "version": 1,
    },
    "WorkerRegistered": {
        "worker_id": "w1",
        "snils": "11223344595",
        "last_name": "Иванов",
        "first_name": "Пётр",
        "birth_date": date(1980, 1, 2),
        "registered_by_org": "1.2.643.5.1.13.13.12.2.77.1",
    },
    "GetPortfolio": {"worker_id": "w1"},
    "PortfolioView": {
        "portfolio_id": "p1",
        "worker_id": "w1",
        "approval_status": "created",
        "professional": {
            "version": 1,
            "report_period": {
                "start": date(2021, 11, 21),
                "end": date(2026, 11, 21),
                "employed_now": True,
            },
            "experience": [
                {
                    "employment_id": "e1",
                    "organization_oid": "1.2.643.5.1.13.13.12.2.77.1",
                    "position": "Врач",
                    "kind": "main",
                    "rate": "1.0",
                    "start_date": date(2020, 1, 1),
                    "tenure": {"years": 6, "months": 10, "days": 20},
                    "in_report": True,
                }
            ],
            "total_tenure": {"years": 5, "months": 0, "days": 0},
            "key_skills": ["ЭКГ"],
        },
        "created_at": NOW,
        "version": 1,
    },
    "PortfolioCreated": {"portfolio_id": "p1", "worker_id": "w1"},
    "GetApplicant": {"worker_id": "w1"},
    "ApplicantView": {"worker_id": "w1", "in_frmr": True, "known_since": NOW},
    "ListInbox": {"limit": 10, "unread_only": True},
    "InboxPage": {
        "items": [
            {
                "notification_id": "n1",
                "kind": "cabinet_created",
                "title": "T",
                "body": "B",
                "created_at": NOW,
                "read_at": None,
            }
        ],
        "unread_count": 1,
        "next_cursor": None,
    },
    "MarkRead": {"all": True},
    "MarkReadResult": {"marked": 1, "unread_count": 0},
    "NotificationCreated": {
        "notification_id": "n1",
        "recipient_id": "w1",
        "kind": "cabinet_created",
    },
}

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
SAMPLES.update(REGISTRY_SAMPLES)
SAMPLES["WorkerView"] = {
    **SAMPLES["WorkerView"],
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
SUBMIT = {
    "type": "medical",
    "requisites": REQUISITES,
    "licences": [LICENCE],
    "employees": [EMPLOYEE],
    "scans": [{"file_id": "f1", "kind": "charter"}],
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
SAMPLES.update(
    {
        "UploadFilePart": {
            "upload_id": "u1234567",
            "part": 0,
            "data": "JVBERi0=",
            "filename": "a.pdf",
        },
        "UploadProgress": {
            "upload_id": "u1234567",
            "received_bytes": 5,
            "file": {
                "file_id": "u1234567",
                "filename": "a.pdf",
                "content_type": "application/pdf",
                "size": 5,
                "sha256": "ab",
            },
        },
        "ReadFile": {"file_id": "u1234567", "part": 0},
        "UpdateProfessionalPart": {"key_skills": ["ЭКГ"], "experience_notes": "Заведовал"},
        "AttachDocument": {"file_id": "f1", "purpose": "paper_approval"},
        "DeclareEducation": {
            "kind": "nmo_program",
            "title": "Актуальные вопросы терапии",
            "speciality": "терапия",
            "issued_on": date(2025, 3, 1),
            "hours": 36,
        },
        "RemoveEducation": {"item_id": "e1"},
        "EducationUpdated": {
            "portfolio_id": "p1",
            "worker_id": "w1",
            "item": {
                "item_id": "e1",
                "kind": "higher",
                "title": "РНИМУ",
                "issued_on": date(2008, 6, 30),
                "registry_confirmed": True,
            },
        },
        "GetReadiness": {"speciality": "терапия"},
        "FormApplication": {
            "kind": "periodic",
            "speciality": "терапия",
            "education_level": "higher",
            "consent": True,
        },
        "ApplicationRef": {"application_id": "a1"},
        "ReviewQueue": {"status": "under_review", "limit": 10},
        "AttachApplicationDocument": {"application_id": "a1", "file_id": "f1"},
        "DeadlineMissed": {
            "application_id": "a1",
            "worker_id": "w1",
            "snils": "11223344595",
            "speciality": "терапия",
            "stage": "documents_check",
            "due": date(2026, 12, 18),
        },
        "RejectApplication": {"application_id": "a1", "reasons": ["Нет копии диплома"]},
        "CheckDocuments": {"application_id": "a1", "checked_on": date(2026, 11, 18)},
        "RegisterPaperApplication": {
            "snils": "112-233-445 95",
            "last_name": "Почтова",
            "first_name": "Нина",
            "birth_date": date(1999, 4, 1),
            "kind": "primary",
            "speciality": "лечебное дело",
            "education_level": "higher",
            "received_on": date(2026, 11, 25),
            "file_ids": ["f1"],
        },
        "DownloadApplicationDocument": {"application_id": "a1", "document_id": "d1", "part": 0},
        "DownloadPortfolioDocument": {"document_id": "d1", "snapshot_id": "s1"},
        "ConfirmPaperApproval": {"portfolio_id": "p1", "confirmed": False, "reason": "Не мой"},
        "PrintReport": {"portfolio_id": "p1", "part": 0},
        "ImportNmo": {
            "rows": [
                {
                    "snils": "112-233-445 95",
                    "document_number": "НМО-2025-001",
                    "title": "Актуальные вопросы терапии",
                    "speciality": "терапия",
                    "hours": 36,
                    "completed_on": date(2025, 3, 1),
                }
            ]
        },
        "NmoImported": {
            "imported": 1,
            "unchanged": 0,
            "refused": [{"row": 2, "field": "snils", "message": "Нет портфолио с таким СНИЛС"}],
        },
        "SigningKeyRegistered": {
            "organization_oid": "1.2.643.5.1.13.13.12.2.77.1",
            "head_name": "Главврачёв Пётр Ильич",
            "scheme": "ed25519",
            "fingerprint": "ab" * 32,
            "valid_until": date(2027, 12, 1),
            "registered_at": datetime(2026, 12, 1, 9, 0, tzinfo=UTC),
        },
        "DocumentsChecked": {
            "application_id": "a1",
            "worker_id": "w1",
            "snils": "11223344595",
            "speciality": "терапия",
            "checked_on": date(2026, 11, 18),
            "decision_due": date(2026, 12, 9),
        },
        "DecideApplication": {
            "application_id": "a1",
            "passed": True,
            "protocol_number": "П-42",
            "decided_on": date(2026, 11, 20),
        },
        "ApplicationPackage": {
            "application_id": "a1",
            "worker_id": "w1",
            "snils": "11223344595",
            "applicant": {
                "last_name": "Иванова",
                "first_name": "Мария",
                "birth_date": date(1980, 5, 17),
                "email": "m@example.org",
            },
            "kind": "primary",
            "speciality": "терапия",
            "education_level": "higher",
            "submitted_at": NOW,
        },
        "ListPackages": {"after": "ФАЦ-2026-000001", "limit": 20},
        "PackageJournal": {
            "items": [
                {
                    "intake_number": "ФАЦ-2026-000002",
                    "application_id": "a1",
                    "received_on": date(2026, 11, 21),
                    "kind": "periodic",
                    "speciality": "терапия",
                    "applicant_name": "Петрова Анна Сергеевна",
                    "snapshot_id": "s1",
                    "documents": 1,
                }
            ],
            "next_cursor": None,
        },
        "IntakeReceipt": {
            "application_id": "a1",
            "intake_number": "ФАЦ-2026-000001",
            "received_on": date(2026, 11, 21),
        },
        "ApplicationSubmitted": {
            "application_id": "a1",
            "worker_id": "w1",
            "snils": "11223344595",
            "kind": "periodic",
            "speciality": "терапия",
            "education_level": "higher",
            "snapshot_id": "s1",
            "submitted_at": NOW,
        },
        "ListApplications": {"limit": 10},
        "ApplicationView": APPLICATION_VIEW,
        "ApplicationsPage": {"items": [APPLICATION_VIEW], "next_cursor": None},
        "ApplicationStatusChanged": {
            "application_id": "a1",
            "worker_id": "w1",
            "snils": "11223344595",
            "kind": "periodic",
            "speciality": "терапия",
            "status": "under_review",
            "status_title": "На рассмотрении",
            "actor": "fac:intake",
        },
        "CreateSnapshot": {"worker_id": "w1"},
        "SnapshotView": {
            "snapshot_id": "s1",
            "version": 1,
            "created_at": NOW,
            "sha256": "ab",
            "document": {
                "portfolio_id": "p1",
                "snapshot_version": 1,
                "created_at": NOW,
                "worker": {"worker_id": "w1", "snils": "11223344595"},
                "professional": {
                    "version": 0,
                    "report_period": None,
                    "experience": [],
                    "total_tenure": {"years": 0, "months": 0, "days": 0},
                    "key_skills": [],
                },
                "approval": {"status": "created"},
                "education": [],
                "documents": [],
            },
        },
        "GetSnapshot": {"snapshot_id": "s1", "format": "xml"},
        "SnapshotContent": {"snapshot_id": "s1", "format": "xml", "content": "<portfolio/>"},
        "SnapshotCreated": {
            "portfolio_id": "p1",
            "worker_id": "w1",
            "snapshot_id": "s1",
            "version": 1,
            "created_at": NOW,
        },
        "Readiness": {
            "ready": False,
            "obstacles": [
                {
                    "code": "portfolio_not_approved",
                    "message": "Несогласованное портфолио",
                    "fixable_by": "worker",
                }
            ],
            "hours": {
                "total": 100,
                "advanced_in_speciality": 72,
                "since": date(2021, 11, 21),
                "required_total": 144,
                "required_advanced": 72,
                "legal_act": "709н",
            },
        },
        "RemoveDocument": {"document_id": "f1"},
        "DocumentAttached": {
            "portfolio_id": "p1",
            "worker_id": "w1",
            "document": {
                "document_id": "f1",
                "purpose": "additional",
                "filename": "диплом.pdf",
                "size": 1000,
                "attached_at": NOW,
            },
        },
        "DocumentRemoved": {"portfolio_id": "p1", "worker_id": "w1", "document_id": "f1"},
        "RequestApproval": {
            "organization_oid": "1.2.643.5.1.13.13.12.2.77.1",
            "head_name": "Главврачёв Пётр Ильич",
            "comment": "Прошу согласовать",
        },
        "DeclareNotRequired": {"reason": "is_head"},
        "ListPendingApprovals": {"limit": 10},
        "PendingApprovalsPage": {
            "items": [
                {
                    "portfolio_id": "p1",
                    "worker_id": "w1",
                    "organization_oid": "1.2.643.5.1.13.13.12.2.77.1",
                    "head_name": "Главврачёв Пётр Ильич",
                    "requested_at": NOW,
                    "report_version": 3,
                }
            ],
            "next_cursor": None,
        },
        "GetReportToSign": {"portfolio_id": "p1"},
        "ReportToSign": {
            "portfolio_id": "p1",
            "report_version": 3,
            "canonical": "{}",
            "sha256": "44136fa3",
        },
        "DecideApproval": {"portfolio_id": "p1", "decision": "approved", "signature": "AAAA"},
        "ApprovalOutcome": {"portfolio_id": "p1", "status": "approved", "decided_at": NOW},
        "RegisterSigningKey": {
            "public_key_pem": "-----BEGIN PUBLIC KEY-----",
            "valid_until": date(2027, 12, 1),
        },
        "SigningKeyView": {"scheme": "ed25519", "fingerprint": "ab", "registered_at": NOW},
        "ApprovalRequested": {
            "portfolio_id": "p1",
            "worker_id": "w1",
            "organization_oid": "1.2.643.5.1.13.13.12.2.77.1",
            "head_name": "Главврачёв Пётр Ильич",
            "report_version": 3,
            "requested_at": NOW,
        },
        "ApprovalDecided": {
            "portfolio_id": "p1",
            "worker_id": "w1",
            "status": "rejected",
            "method": "signature",
            "reason": "Стаж неверен",
            "decided_at": NOW,
        },
        "ProfessionalPartUpdated": {
            "portfolio_id": "p1",
            "worker_id": "w1",
            "professional_version": 2,
            "source": "registry",
            "approval_status": "created",
            "approval_reset": True,
        },
        "FilePart": {
            "file_id": "u1234567",
            "filename": "a.pdf",
            "content_type": "application/pdf",
            "size": 5,
            "part": 0,
            "data": "JVBERi0=",
            "last": True,
        },
        "SubmitRegistrationRequest": SUBMIT,
        "ResubmitRegistrationRequest": {**SUBMIT, "request_id": "r1", "comment": "Заменили скан"},
        "ReviewRegistrationRequest": {
            "request_id": "r1",
            "action": "reject",
            "reason": "Нет устава",
        },
        "GetRegistrationRequest": {"request_id": "r1"},
        "ListRegistrationRequests": {"status": "accepted"},
        "RegistrationRequestView": REQUEST_VIEW,
        "RegistrationRequestPage": {"items": [REQUEST_VIEW], "next_cursor": None},
        "GetOrganization": {"oid": "1.2.643.5.1.13.13.12.2.77.1"},
        "OrganizationView": ORGANIZATION_VIEW,
        "UpdateOrganization": {"add_licence": LICENCE, "founders": ["Минздрав"]},
        "AddSubdivision": {"name": "Терапия", "kind": "отделение"},
        "SetBeds": {
            "subdivision_oid": SUBDIVISION["oid"],
            "profile": "терапевтические",
            "count": 3,
        },
        "AddEquipment": {
            "kind": "МРТ",
            "model": "M",
            "serial_number": "S",
            "commissioned_on": date(2021, 1, 1),
        },
        "RegistrationRequestStatusChanged": {
            "request_id": "r1",
            "status": "approved",
            "status_title": "Заявка одобрена",
            "applicant": "u1",
            "organization_name": "ГБУЗ",
            "inn": "7707083893",
            "contact_email": "info@clinic.ru",
            "organization_oid": "1.2.643.5.1.13.13.12.2.77.1",
        },
        "OrganizationRegistered": {
            "oid": "1.2.643.5.1.13.13.12.2.77.1",
            "type": "medical",
            "name": "ГБУЗ",
            "inn": "7707083893",
            "ogrn": "1027700132195",
            "region": "77",
            "request_id": "r1",
        },
        "AccessGranted": {
            "organization_oid": "1.2.643.5.1.13.13.12.2.77.1",
            "employees": [EMPLOYEE],
        },
        "OrganizationUpdated": {
            "oid": "1.2.643.5.1.13.13.12.2.77.1",
            "name": "ГБУЗ",
            "sections": ["head"],
        },
        "RequestAccess": {"employees": [EMPLOYEE], "comment": "Новый кадровик"},
        "ReviewAccessRequest": {"request_id": "q1", "decision": "refuse", "reason": "Нет приказа"},
        "ListAccessRequests": {"status": "pending", "limit": 10},
        "AccessRequestView": {
            "request_id": "q1",
            "organization_oid": "1.2.643.5.1.13.13.12.2.77.1",
            "employees": [EMPLOYEE],
            "status": "pending",
            "submitted_at": datetime(2026, 11, 21, 12, 0, tzinfo=UTC),
        },
        "AccessRequestPage": {"items": [], "next_cursor": None},
        "RevokeAccess": {
            "organization_oid": "1.2.643.5.1.13.13.12.2.77.1",
            "snils": "11223344595",
            "reason": "Уволилась",
        },
        "ListAccess": {},
        "AccessList": {
            "organization_oid": "1.2.643.5.1.13.13.12.2.77.1",
            "holders": [
                {
                    "last_name": "Кадрова",
                    "first_name": "Ольга",
                    "snils": "11223344595",
                    "email": "hr@clinic.ru",
                }
            ],
        },
        "AccessRequested": {
            "request_id": "q1",
            "organization_oid": "1.2.643.5.1.13.13.12.2.77.1",
            "employees": 1,
            "submitted_by": "u1",
        },
        "AccessRequestDecided": {
            "request_id": "q1",
            "organization_oid": "1.2.643.5.1.13.13.12.2.77.1",
            "status": "granted",
            "submitted_by": "u1",
        },
        "AccessRevoked": {
            "organization_oid": "1.2.643.5.1.13.13.12.2.77.1",
            "snils": "11223344595",
            "email": "hr@clinic.ru",
            "reason": "Уволилась",
        },
        "SubdivisionAdded": {
            "organization_oid": "1.2.643.5.1.13.13.12.2.77.1",
            "subdivision": SUBDIVISION,
        },
    }
)

CERTIFIED = {
    "application_id": "a1",
    "full_name": "Иванова Мария",
    "kind": "periodic",
    "kind_title": "периодическая",
    "speciality": "терапия",
    "protocol_number": "П-42",
    "passed_on": date(2026, 11, 20),
    "valid_until": date(2031, 11, 20),
}
EXTRACT_SIGNATURE = {
    "scheme": "ed25519",
    "signature": "c2ln",
    "key_id": "0123456789abcdef",
    "public_key_pem": "-----BEGIN PUBLIC KEY-----",
    "sha256": "0" * 64,
}
EXTRACT_VIEW = {
    "extract_id": "e1",
    "status": "issued",
    "status_title": "Выдана",
    "history": [{"status": "requested", "status_title": "Запрошена", "actor": "w", "at": NOW}],
    "accreditation": CERTIFIED,
    "requested_at": NOW,
    "verification_code": "7K3F-9QX2-M4TD",
    "issued_on": date(2026, 11, 21),
    "filename": "vypiska.pdf",
    "size": 50000,
    "signature": EXTRACT_SIGNATURE,
    "version": 2,
}
SAMPLES.update(
    {
        "OrderExtract": {"application_id": "a1"},
        "ExtractRef": {"extract_id": "e1"},
        "ListExtracts": {"limit": 10},
        "ExtractQueue": {"status": "requested"},
        "RefuseExtract": {"extract_id": "e1", "reason": "Дубликат"},
        "DownloadExtract": {"extract_id": "e1", "part": 0},
        "ExtractView": EXTRACT_VIEW,
        "ExtractsPage": {"items": [EXTRACT_VIEW], "next_cursor": None},
        "VerifyExtract": {"verification_code": "7k3f9qx2m4td"},
        "ExtractVerification": {
            "verification_code": "7K3F-9QX2-M4TD",
            "extract_id": "e1",
            "issued_on": date(2026, 11, 21),
            "accreditation": CERTIFIED,
            "in_force": True,
            "signature": EXTRACT_SIGNATURE,
            "document_matches": True,
        },
        "GetPreferences": {},
        "UpdatePreferences": {"email_enabled": False, "language": "en"},
        "PreferencesView": {
            "mailbox_id": "person:11223344595",
            "email_enabled": True,
            "sms_enabled": False,
            "language": "ru",
            "emails": ["a***@example.org"],
            "phone": "***4567",
        },
        "DeliveryAttempted": {
            "delivery_id": "n1:email:0",
            "notification_id": "n1",
            "recipient_id": "person:11223344595",
            "channel": "email",
            "outcome": "retrying",
            "attempt": 1,
            "reason": "SMTP server unreachable",
            "next_attempt_at": NOW,
        },
        "ExtractStatusChanged": {
            "extract_id": "e1",
            "application_id": "a1",
            "worker_id": "w1",
            "snils": "11223344595",
            "speciality": "терапия",
            "status": "issued",
            "status_title": "Выдана",
            "actor": "fac_operator:x",
        },
    }
)


def test_the_public_surface_is_pinned() -> None:
    assert sorted(contracts.__all__) == [
        "Actor",
        "CloudEvent",
        "CommandMeta",
        "DeadLetter",
        "ErrorBody",
        "ErrorCode",
        "FieldError",
        "FixableBy",
        "Reply",
        "Role",
        "TokenClaims",
        "__version__",
    ]
    for name in contracts.__all__:
        assert getattr(contracts, name) is not None


def test_the_subjects_are_pinned() -> None:
    assert sorted(r["subject"] for r in subjects.describe()) == [
        "egisz.accreditation.cmd.applicant.get",
        "egisz.accreditation.cmd.application.cancel",
        "egisz.accreditation.cmd.application.decide",
        "egisz.accreditation.cmd.application.document_attach",
        "egisz.accreditation.cmd.application.document_download",
        "egisz.accreditation.cmd.application.document_upload",
        "egisz.accreditation.cmd.application.documents_check",
        "egisz.accreditation.cmd.application.form",
        "egisz.accreditation.cmd.application.get",
        "egisz.accreditation.cmd.application.list",
        "egisz.accreditation.cmd.application.queue",
        "egisz.accreditation.cmd.application.register_paper",
        "egisz.accreditation.cmd.application.reject",
        "egisz.accreditation.cmd.application.submit",
        "egisz.accreditation.cmd.extract.download",
        "egisz.accreditation.cmd.extract.get",
        "egisz.accreditation.cmd.extract.issue",
        "egisz.accreditation.cmd.extract.list",
        "egisz.accreditation.cmd.extract.order",
        "egisz.accreditation.cmd.extract.queue",
        "egisz.accreditation.cmd.extract.refuse",
        "egisz.accreditation.cmd.extract.verify",
        "egisz.accreditation.evt.accreditation.passed",
        "egisz.accreditation.evt.application.deadline_missed",
        "egisz.accreditation.evt.application.documents_checked",
        "egisz.accreditation.evt.application.status_changed",
        "egisz.accreditation.evt.application.submitted",
        "egisz.accreditation.evt.extract.status_changed",
        "egisz.fac.cmd.package.intake",
        "egisz.fac.cmd.package.list",
        "egisz.notify.cmd.inbox.list",
        "egisz.notify.cmd.inbox.mark_read",
        "egisz.notify.cmd.preferences.get",
        "egisz.notify.cmd.preferences.update",
        "egisz.notify.evt.delivery.attempted",
        "egisz.notify.evt.notification.created",
        "egisz.portfolio.cmd.approval.decide",
        "egisz.portfolio.cmd.approval.not_required",
        "egisz.portfolio.cmd.approval.paper_confirm",
        "egisz.portfolio.cmd.approval.pending",
        "egisz.portfolio.cmd.approval.report",
        "egisz.portfolio.cmd.approval.request",
        "egisz.portfolio.cmd.document.attach",
        "egisz.portfolio.cmd.document.download",
        "egisz.portfolio.cmd.document.remove",
        "egisz.portfolio.cmd.document.upload",
        "egisz.portfolio.cmd.education.declare",
        "egisz.portfolio.cmd.education.import_nmo",
        "egisz.portfolio.cmd.education.remove",
        "egisz.portfolio.cmd.portfolio.get",
        "egisz.portfolio.cmd.professional_part.update",
        "egisz.portfolio.cmd.readiness.get",
        "egisz.portfolio.cmd.report.print",
        "egisz.portfolio.cmd.signing_key.register",
        "egisz.portfolio.cmd.snapshot.create",
        "egisz.portfolio.cmd.snapshot.get",
        "egisz.portfolio.evt.approval.decided",
        "egisz.portfolio.evt.approval.requested",
        "egisz.portfolio.evt.document.attached",
        "egisz.portfolio.evt.document.removed",
        "egisz.portfolio.evt.education.updated",
        "egisz.portfolio.evt.portfolio.created",
        "egisz.portfolio.evt.professional_part.updated",
        "egisz.portfolio.evt.signing_key.registered",
        "egisz.portfolio.evt.snapshot.created",
        "egisz.registry.cmd.access.list",
        "egisz.registry.cmd.access.queue",
        "egisz.registry.cmd.access.request",
        "egisz.registry.cmd.access.review",
        "egisz.registry.cmd.access.revoke",
        "egisz.registry.cmd.category.assign",
        "egisz.registry.cmd.category.correct",
        "egisz.registry.cmd.certificate.add",
        "egisz.registry.cmd.certificate.correct",
        "egisz.registry.cmd.changes.list",
        "egisz.registry.cmd.correction.list",
        "egisz.registry.cmd.correction.report",
        "egisz.registry.cmd.correction.resolve",
        "egisz.registry.cmd.education.add",
        "egisz.registry.cmd.education.correct",
        "egisz.registry.cmd.employment.correct",
        "egisz.registry.cmd.employment.end",
        "egisz.registry.cmd.employment.start",
        "egisz.registry.cmd.entry.annul",
        "egisz.registry.cmd.equipment.add",
        "egisz.registry.cmd.equipment.remove",
        "egisz.registry.cmd.equipment.update",
        "egisz.registry.cmd.file.read",
        "egisz.registry.cmd.file.upload",
        "egisz.registry.cmd.learner.get",
        "egisz.registry.cmd.learner.import",
        "egisz.registry.cmd.learner.review_queue",
        "egisz.registry.cmd.licence.remove",
        "egisz.registry.cmd.organization.get",
        "egisz.registry.cmd.organization.search",
        "egisz.registry.cmd.organization.update",
        "egisz.registry.cmd.practitioner.verify",
        "egisz.registry.cmd.registration_request.check",
        "egisz.registry.cmd.registration_request.get",
        "egisz.registry.cmd.registration_request.list",
        "egisz.registry.cmd.registration_request.resubmit",
        "egisz.registry.cmd.registration_request.review",
        "egisz.registry.cmd.registration_request.submit",
        "egisz.registry.cmd.staff.list",
        "egisz.registry.cmd.subdivision.add",
        "egisz.registry.cmd.subdivision.close",
        "egisz.registry.cmd.subdivision.set_beds",
        "egisz.registry.cmd.subdivision.update",
        "egisz.registry.cmd.worker.get",
        "egisz.registry.cmd.worker.hire",
        "egisz.registry.cmd.worker.import",
        "egisz.registry.cmd.worker.register",
        "egisz.registry.cmd.worker.resolve_duplicate",
        "egisz.registry.cmd.worker.review_queue",
        "egisz.registry.cmd.worker.update",
        "egisz.registry.evt.access.decided",
        "egisz.registry.evt.access.requested",
        "egisz.registry.evt.access.revoked",
        "egisz.registry.evt.accreditation.recorded",
        "egisz.registry.evt.category.assigned",
        "egisz.registry.evt.certificate.added",
        "egisz.registry.evt.correction.requested",
        "egisz.registry.evt.correction.resolved",
        "egisz.registry.evt.education.added",
        "egisz.registry.evt.employment.ended",
        "egisz.registry.evt.employment.started",
        "egisz.registry.evt.entry.annulled",
        "egisz.registry.evt.entry.corrected",
        "egisz.registry.evt.learner.recorded",
        "egisz.registry.evt.organization.access_granted",
        "egisz.registry.evt.organization.registered",
        "egisz.registry.evt.organization.updated",
        "egisz.registry.evt.registration_request.status_changed",
        "egisz.registry.evt.subdivision.added",
        "egisz.registry.evt.worker.duplicate_resolved",
        "egisz.registry.evt.worker.flagged",
        "egisz.registry.evt.worker.registered",
        "egisz.registry.evt.worker.updated",
    ]


def test_subjects_are_unique_and_follow_the_naming_rule() -> None:
    all_subjects = [c.subject for c in subjects.COMMANDS] + [e.subject for e in subjects.EVENTS]
    assert len(all_subjects) == len(set(all_subjects))
    for subject in all_subjects:
        match = subjects.SUBJECT_RULE.match(subject)
        assert match, subject
    for c in subjects.COMMANDS:
        assert ".cmd." in c.subject
    for e in subjects.EVENTS:
        assert ".evt." in e.subject
        assert e.subject.endswith("ed"), "events are named in the past tense"
        assert e.type == e.subject.replace("egisz.", "ru.egisz.", 1).replace(".evt.", ".") + ".v1"
        assert e.stream == f"EGISZ_{e.service.upper()}"


def test_every_message_model_has_a_sample_and_round_trips() -> None:
    models = subjects.all_models()
    assert set(models) == set(SAMPLES), "add a sample for every new message model"
    for name, model in models.items():
        original = model.model_validate(SAMPLES[name])
        again = model.model_validate_json(original.model_dump_json())
        assert again == original, name


@pytest.mark.parametrize("spec", subjects.EVENTS, ids=lambda e: e.subject)
def test_every_event_round_trips_in_a_cloudevent(spec: subjects.Event) -> None:
    data = spec.data.model_validate(SAMPLES[spec.data.__name__])
    event = CloudEvent[spec.data](  # type: ignore[name-defined]
        id="e1",
        source=f"/egisz/{spec.service}",
        type=spec.type,
        time=NOW,
        subject="w1",
        data=data,
        correlationid="c1",
        causationid="k1",
        actor="org_officer:u1",
    )
    wire = json.loads(event.model_dump_json())
    assert wire["specversion"] == "1.0"
    assert wire["datacontenttype"] == "application/json"
    assert CloudEvent[spec.data].model_validate(wire) == event  # type: ignore[name-defined]


def test_event_data_ignores_fields_a_newer_producer_adds() -> None:
    sample = {**SAMPLES["WorkerRegistered"], "added_in_v1_1": "x"}
    assert subjects.WORKER_REGISTERED.data.model_validate(sample).worker_id == "w1"  # type: ignore[attr-defined]


def test_commands_refuse_unknown_fields() -> None:
    with pytest.raises(ValidationError):
        subjects.WORKER_REGISTER.request.model_validate({**SAMPLES["RegisterWorker"], "snisl": "1"})


def test_a_reply_is_either_a_result_or_an_error() -> None:
    error = ErrorBody(
        code="conflict",
        message="Уже есть",
        fields=[FieldError(field="snils", message="m")],
        fixable_by="organization",
    )
    assert Reply[Any].model_validate_json(Reply.failure(error).model_dump_json()).error == error
    with pytest.raises(ValidationError):
        Reply[Any](ok=True, error=error)
    with pytest.raises(ValidationError):
        Reply[Any](ok=False)


def test_mark_read_needs_one_notification_or_all() -> None:
    with pytest.raises(ValidationError):
        subjects.INBOX_MARK_READ.request.model_validate({})
    with pytest.raises(ValidationError):
        subjects.INBOX_MARK_READ.request.model_validate({"notification_id": "n", "all": True})


def test_json_schema_is_exported_for_every_message(tmp_path: Path) -> None:
    written = schema.write(tmp_path)
    names = {p.name.removesuffix(".schema.json") for p in written}
    assert set(subjects.all_models()) <= names
    for path in written:
        assert json.loads(path.read_text())["title"]


def test_every_service_has_an_asyncapi_document_naming_its_subjects(tmp_path: Path) -> None:
    from egisz.contracts import asyncapi

    for path in asyncapi.write(tmp_path):
        doc = json.loads(path.read_text())
        assert doc["asyncapi"] == "3.0.0"
        service = path.name.split(".")[0]
        addresses = {ch["address"] for ch in doc["channels"].values() if ch["address"]}
        assert addresses == {c.subject for c in subjects.COMMANDS if c.service == service} | {
            e.subject for e in subjects.EVENTS if e.service == service
        }
        text = json.dumps(doc)
        for ref in {part.split('"')[0] for part in text.split("#/components/schemas/")[1:]}:
            assert ref in doc["components"]["schemas"], ref
