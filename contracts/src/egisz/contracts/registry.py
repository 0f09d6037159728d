"""Registry (FRMO + FRMR) commands, replies and events."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import Field

from egisz.contracts.envelope import EventData, WireModel


class RegisterWorker(WireModel):
    """An org officer adds a worker to FRMR."""

    snils: str = Field(description="СНИЛС: 11 digits, with or without `-` and space separators.")
    last_name: str = Field(description="Фамилия")
    first_name: str = Field(description="Имя")
    middle_name: str | None = Field(default=None, description="Отчество (if any)")
    birth_date: date


class GetWorker(WireModel):
    """Look a worker up by id or SNILS; a worker without either gets their own record."""

    worker_id: str | None = None
    snils: str | None = None


class WorkerView(WireModel):
    worker_id: str
    snils: str
    last_name: str
    first_name: str
    middle_name: str | None
    birth_date: date
    registered_at: datetime
    version: int


class WorkerRegistered(EventData):
    worker_id: str
    snils: str
    last_name: str
    first_name: str
    middle_name: str | None = None
    birth_date: date
    registered_by_org: str | None = Field(default=None, description="OID of the officer's org.")
