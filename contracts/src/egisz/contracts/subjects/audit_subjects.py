"""The audit journal's subjects: what each journaled service sends it, and what people ask it."""

from __future__ import annotations

from typing import Any

from egisz.contracts import audit
from egisz.contracts.subjects.naming import Command, Event


def _entry(service: str) -> Event[audit.JournalEntries]:
    return Event(
        f"egisz.audit.evt.{service}.journaled",
        audit.JournalEntries,
        f"The {service} service answered commands that changed data or disclosed somebody's: "
        "who, what, whose, when, one entry each, those answered together in one message (only "
        "the audit service reads it; SNILS whole).",
    )


REGISTRY_JOURNALED = _entry("registry")
PORTFOLIO_JOURNALED = _entry("portfolio")
ACCREDITATION_JOURNALED = _entry("accreditation")
NOTIFY_JOURNALED = _entry("notify")
AUDIT_JOURNALED = _entry("audit")
JOURNALED: dict[str, Event[Any]] = {
    e.subject.split(".")[3]: e
    for e in (
        REGISTRY_JOURNALED,
        PORTFOLIO_JOURNALED,
        ACCREDITATION_JOURNALED,
        NOTIFY_JOURNALED,
        AUDIT_JOURNALED,
    )
}
assert tuple(JOURNALED) == audit.JOURNALED_SERVICES

MY_JOURNAL_LIST = Command(
    "egisz.audit.cmd.my_journal.list",
    audit.ListMyJournal,
    audit.MyJournalPage,
    "A person's «кто смотрел мои данные»: who read or changed their data, newest first.",
)
JOURNAL_SEARCH = Command(
    "egisz.audit.cmd.journal.search",
    audit.SearchJournal,
    audit.JournalPage,
    "The support desk's and the regulator's search of the journal by person, actor or "
    "organization (the search itself is journaled). A regulator searches as a member of an "
    "authority in the register of authorities: a region's, its organizations' records only.",
)
JOURNAL_VERIFY = Command(
    "egisz.audit.cmd.journal.verify",
    audit.VerifyJournal,
    audit.JournalVerification,
    "Recompute the journal's hash chain: intact, or the first record that was changed (the "
    "desk, or a regulator who is a member of an authority in the register of authorities).",
)
