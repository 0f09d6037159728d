"""Samples of the first messages: one per model, each a valid instance (`samples.py` merges them)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

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
BASE_SAMPLES: dict[str, dict[str, Any]] = {
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
