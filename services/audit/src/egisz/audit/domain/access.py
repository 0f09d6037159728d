"""A person's view of the journal: «кто смотрел мои данные» in words they read. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# What a command did, by its verb; what it did it to, by its aggregate (subject
# `egisz.<service>.cmd.<aggregate>.<verb>`). A command not named here is said by its subject.
_VERBS = {
    "get": "просмотр",
    "read": "просмотр",
    "list": "просмотр списка",
    "queue": "просмотр очереди",
    "review_queue": "просмотр очереди проверки",
    "pending": "просмотр ожидающих",
    "search": "поиск",
    "download": "скачивание",
    "document_download": "скачивание документа",
    "print": "печать",
    "report": "просмотр отчёта",
    "register": "внесение",
    "import": "загрузка",
    "update": "изменение",
    "hire": "приём на работу",
    "dismiss": "увольнение",
    "submit": "подача",
    "decide": "решение",
}
_THINGS = {
    "worker": "записи регистра медработников",
    "staff": "списка сотрудников",
    "learner": "записи регистра обучающихся",
    "portfolio": "портфолио",
    "document": "документа портфолио",
    "report": "отчёта о работе",
    "approval": "отчёта на утверждение",
    "snapshot": "снимка портфолио",
    "applicant": "данных заявителя",
    "application": "заявления на аккредитацию",
    "extract": "выписки об аккредитации",
    "inbox": "уведомлений",
    "preferences": "настроек уведомлений",
    "registration_request": "заявки на регистрацию организации",
    "access": "доступа к организации",
    "directory": "справочника медработников (FHIR)",
    "journal": "журнала аудита",
    "my_journal": "журнала аудита",
    "correction": "исправления",
    "file": "файла",
}


def what_was_done(command: str) -> str:
    parts = command.split(".")
    if len(parts) != 5:
        return command
    aggregate, verb = parts[3], parts[4]
    done, thing = _VERBS.get(verb), _THINGS.get(aggregate)
    if done is None or thing is None:
        return command
    return f"{done} {thing}"


@dataclass(frozen=True)
class Access:
    """One record as the person whose data it names sees it."""

    position: int
    entry: dict[str, Any]
    person: str  # the person's SNILS (digits)

    @property
    def parts(self) -> list[str]:
        for p in self.entry.get("persons", []):
            if p.get("snils") == self.person:
                return list(p.get("parts", []))
        return []

    @property
    def by_you(self) -> bool:
        actor: dict[str, Any] = self.entry.get("actor", {})
        return bool(actor.get("snils") == self.person)
