"""Mailboxes (who is notified, with notify's own copy of their contacts and preferences),
notifications in them, and the deliveries of each notification by e-mail and SMS.

A mailbox is named by what the sign-in token says of its owner, so the inbox needs no lookup
in another service: a person by SNILS, an organization's officers by its OID, a head by OID and
full name, and anyone by their token's subject."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum

from egisz.kernel.grants import AccessHolders

LANGUAGES = ("ru", "en")


class NotificationKind(StrEnum):
    CABINET_CREATED = "cabinet_created"
    LEARNER_CABINET_CREATED = "learner_cabinet_created"
    REGISTRATION_REQUEST_STATUS = "registration_request_status"
    CORRECTION_REPORTED = "correction_reported"
    CORRECTION_RESOLVED = "correction_resolved"
    APPROVAL_REQUESTED = "approval_requested"
    APPROVAL_DECIDED = "approval_decided"
    APPLICATION_STATUS = "application_status"
    APPLICATION_DEADLINE_MISSED = "application_deadline_missed"
    APPLICATION_DOCUMENTS_CHECKED = "application_documents_checked"
    CENTER_DEADLINE_MISSED = "center_deadline_missed"
    EXTRACT_STATUS = "extract_status"
    ACCREDITATION_STANDING = "accreditation_standing"
    EMPLOYMENT_ADDED = "employment_added"
    ACCESS_GRANTED = "access_granted"
    ACCESS_REVOKED = "access_revoked"
    ACCESS_REQUEST_DECIDED = "access_request_decided"
    TICKET_OPENED = "ticket_opened"
    TICKET_STATUS = "ticket_status"
    # reminders
    ACCREDITATION_EXPIRING = "accreditation_expiring"
    ACCREDITATION_EXPIRED = "accreditation_expired"
    CERTIFICATE_EXPIRING = "certificate_expiring"
    CERTIFICATE_EXPIRED = "certificate_expired"
    SIGNING_KEY_EXPIRING = "signing_key_expiring"
    SIGNING_KEY_EXPIRED = "signing_key_expired"
    APPROVAL_WAITING = "approval_waiting"
    APPLICATION_NOT_DELIVERED = "application_not_delivered"
    DATA_REVIEW_DUE = "data_review_due"
    # employers: an organization's mailbox about its staff
    STAFF_JOB_CHANGED = "staff_job_changed"
    STAFF_CORRECTION_RESOLVED = "staff_correction_resolved"
    STAFF_ACCREDITATION_DECIDED = "staff_accreditation_decided"
    STAFF_ACCREDITATION_EXPIRING = "staff_accreditation_expiring"
    STAFF_ACCREDITATION_STANDING = "staff_accreditation_standing"
    EDUCATION_HOURS_SHORT = "education_hours_short"


# What each kind's templates may use; a message must bring all of them (None where absent).
VARIABLES: dict[NotificationKind, frozenset[str]] = {
    k: frozenset(v.split())
    for k, v in {
        NotificationKind.CABINET_CREATED: "first_name middle_name",
        NotificationKind.LEARNER_CABINET_CREATED: "first_name middle_name organization_name",
        NotificationKind.REGISTRATION_REQUEST_STATUS: "organization_name status_title reason oid",
        NotificationKind.CORRECTION_REPORTED: "section description",
        NotificationKind.CORRECTION_RESOLVED: "status comment",
        NotificationKind.APPROVAL_REQUESTED: "worker_name comment",
        NotificationKind.APPROVAL_DECIDED: "status reason method paper_confirmed",
        NotificationKind.APPLICATION_STATUS: "speciality status status_title reason",
        NotificationKind.APPLICATION_DEADLINE_MISSED: "speciality stage due",
        NotificationKind.APPLICATION_DOCUMENTS_CHECKED: "speciality checked_on decision_due",
        NotificationKind.CENTER_DEADLINE_MISSED: "application_id speciality stage due",
        NotificationKind.EXTRACT_STATUS: "speciality status status_title reason",
        NotificationKind.ACCREDITATION_STANDING: "speciality action reason effective_from until",
        NotificationKind.EMPLOYMENT_ADDED: "organization_oid position start_date end_date",
        NotificationKind.ACCESS_GRANTED: "organization_oid",
        NotificationKind.ACCESS_REVOKED: "organization_oid reason",
        NotificationKind.ACCESS_REQUEST_DECIDED: "organization_oid status reason",
        NotificationKind.TICKET_OPENED: "number topic_title",
        NotificationKind.TICKET_STATUS: "number status status_title comment",
        NotificationKind.ACCREDITATION_EXPIRING: "speciality valid_until",
        NotificationKind.ACCREDITATION_EXPIRED: "speciality valid_until",
        NotificationKind.CERTIFICATE_EXPIRING: "speciality number valid_until",
        NotificationKind.CERTIFICATE_EXPIRED: "speciality number valid_until",
        NotificationKind.SIGNING_KEY_EXPIRING: "fingerprint valid_until",
        NotificationKind.SIGNING_KEY_EXPIRED: "fingerprint valid_until",
        NotificationKind.APPROVAL_WAITING: "worker_name days",
        NotificationKind.APPLICATION_NOT_DELIVERED: "speciality",
        NotificationKind.DATA_REVIEW_DUE: "since",
        NotificationKind.EDUCATION_HOURS_SHORT: "speciality valid_until detail",
        NotificationKind.STAFF_JOB_CHANGED: "worker_name change organization_oid position day",
        NotificationKind.STAFF_CORRECTION_RESOLVED: "worker_name status comment",
        NotificationKind.STAFF_ACCREDITATION_DECIDED: "worker_name speciality status status_title",
        NotificationKind.STAFF_ACCREDITATION_EXPIRING: "worker_name speciality valid_until",
        NotificationKind.STAFF_ACCREDITATION_STANDING: (
            "worker_name speciality action reason effective_from until"
        ),
    }.items()
}


@dataclass(frozen=True)
class Message:
    """What to tell whom: a mailbox (or a worker's, by their FRMR id), the kind, the values
    its template needs, and an address the event itself gives."""

    kind: NotificationKind
    values: Mapping[str, object]
    recipient_id: str | None = None
    worker_id: str | None = None
    contact_email: str | None = None
    # To the organizations a person (this mailbox) works for now, but `except_org`.
    employers_of: str | None = None
    except_org: str | None = None

    def __post_init__(self) -> None:
        missing = VARIABLES[self.kind] - self.values.keys()
        if missing:
            raise ValueError(f"{self.kind.value} needs {sorted(missing)}")
        if [self.recipient_id, self.worker_id, self.employers_of].count(None) != 2:
            raise ValueError("a message goes to a mailbox, a worker or their employers, one")


class Channel(StrEnum):
    EMAIL = "email"
    SMS = "sms"


# --- mailbox names --------------------------------------------------------------------------
def day(d: date) -> str:
    """A date as the notices write it: 20.11.2026."""
    return d.strftime("%d.%m.%Y")


def person(snils: str) -> str:
    return f"person:{snils}"


def organization(oid: str) -> str:
    return f"org:{oid}"


def head(oid: str, full_name: str) -> str:
    return f"head:{oid}:{name_key(full_name)}"


# The accreditation center's desk: every FAC operator reads it (the center is one authority;
# who works there is its identity provider's word, as for the role itself).
CENTER = "center:fac"


def user(sub: str) -> str:
    return f"user:{sub}"


def name_key(full_name: str) -> str:
    """`ПЕТРОВ  Пётр` and `петров пётр` are one head."""
    return " ".join(full_name.split()).casefold().replace("ё", "е")


def mailboxes_of(
    *,
    sub: str,
    snils: str | None,
    org: str | None,
    name: str | None,
    as_head: bool = False,
    as_officer: bool = False,
    as_center: bool = False,
) -> list[str]:
    """Every mailbox a signed-in caller may ask for, their own first: a head's and an officer's
    organization mailboxes only in those roles (the register decides whether they open)."""
    boxes = []
    if snils:
        boxes.append(person(snils))
    if as_head and org and name:
        boxes.append(head(org, name))
    if as_officer and org:
        boxes.append(organization(org))
    if as_center:
        boxes.append(CENTER)
    boxes.append(user(sub))
    return boxes


@dataclass(frozen=True)
class Preferences:
    """Per mailbox: e-mail and SMS may be turned off; the in-app inbox is always on."""

    email: bool = True
    sms: bool = True
    language: str = "ru"


@dataclass
class Mailbox:
    id: str
    name: str | None = None
    emails: list[str] = field(default_factory=list)
    phone: str | None = None
    worker_id: str | None = None  # a person's FRMR record, for events that name only it
    contacts_version: int = -1  # a person's FRMR record version the contacts come from
    preferences: Preferences = field(default_factory=Preferences)
    # An organization's mailbox: who holds access (SNILS) and its head, as FRMO has them.
    members: list[str] = field(default_factory=list)
    head_key: str | None = None
    # A person's current jobs as FRMR announced them: employment id → organization OID.
    jobs: dict[str, str] = field(default_factory=dict)
    # A graduate FRMR does not know yet: the register of learners' contacts and record version.
    learner_version: int = -1
    cabinet_announced: bool = False  # «Личный кабинет создан» told (by FRMR's or learners')
    version: int = 0
    events: list[object] = field(default_factory=list, repr=False, compare=False)

    def take_contacts(
        self,
        *,
        version: int,
        name: str | None,
        emails: list[str],
        phone: str | None,
        worker_id: str | None = None,
    ) -> bool:
        """Contacts from a newer record replace ours; an older or repeated event changes none.
        FRMR's first record without an e-mail (phone) keeps the learners' one, not to leave a
        graduate unreachable; later FRMR records decide, a removal included."""
        if version < self.contacts_version:
            return False
        learners = self.worker_id is None and self.learner_version >= 0
        self.contacts_version, self.name = version, name or self.name
        self.emails = [e for e in emails if e] or (self.emails if learners else [])
        self.phone = phone or (self.phone if learners else None)
        self.worker_id = worker_id or self.worker_id
        return True

    def take_learner_contacts(
        self, *, version: int, name: str | None, emails: list[str], phone: str | None
    ) -> bool:
        """Until FRMR has the person, notices go where the register of learners says (a
        graduate hears of their application by e-mail, seed 001); once FRMR's record is here,
        its contacts — the person's own word — are kept and these change none."""
        if self.worker_id is not None or version <= self.learner_version:
            return False
        self.learner_version, self.name = version, name or self.name
        self.emails, self.phone = [e for e in emails if e], phone
        return True

    def admits(self, kind: NotificationKind) -> bool:
        """Whether a notice is news here. The cabinet opens once per person (seed 001: «после
        внесения… в ФРМР или Регистр Обучающихся»): the register of learners' notice only if
        neither it nor FRMR's came before; FRMR's always (being entered there is news)."""
        if kind is NotificationKind.LEARNER_CABINET_CREATED:
            return not self.cabinet_announced and self.worker_id is None
        return True

    def told(self, kind: NotificationKind) -> bool:
        """Remember what `admits` asks; whether the mailbox changed."""
        opens = kind in (NotificationKind.CABINET_CREATED, NotificationKind.LEARNER_CABINET_CREATED)
        if not opens or self.cabinet_announced:
            return False
        self.cabinet_announced = True
        return True

    def change_access(
        self,
        *,
        admitted: list[str],
        dismissed: list[str],
        emails_dropped: list[str],
        head_name: str | None,
    ) -> bool:
        """An organization's mailbox follows FRMO: grants admit, revocations dismiss (and their
        e-mails stop), the head recorded there is its head."""
        before = (list(self.members), list(self.emails), self.head_key)
        holders = self.holders.after(admitted=admitted, dismissed=dismissed)
        self.members = list(holders.snils)
        self.emails = [e for e in self.emails if e not in emails_dropped]
        if head_name:
            self.head_key = name_key(head_name)
        return before != (self.members, self.emails, self.head_key)

    def employ(self, employment_id: str, organization_oid: str, *, current: bool) -> bool:
        """A person's job started (current) or ended: who employs them follows FRMR."""
        before = dict(self.jobs)
        if current:
            self.jobs[employment_id] = organization_oid
        else:
            self.jobs.pop(employment_id, None)
        return before != self.jobs

    @property
    def holders(self) -> AccessHolders:
        """An organization's mailbox: who FRMO's grants admit (`kernel.grants`)."""
        return AccessHolders(tuple(self.members))

    @property
    def employers(self) -> list[str]:
        return sorted(set(self.jobs.values()))

    def readable_by(self, *, snils: str | None, head_name: str | None) -> bool:
        """An organization's notifications: for those FRMO gives access; its head's: for the
        head FRMO records. Never for a token's claim alone."""
        return self.holders.admit(snils) or bool(
            head_name and self.head_key and name_key(head_name) == self.head_key
        )

    def addresses(self) -> dict[Channel, list[str]]:
        """Where this mailbox's notifications go besides the inbox, by its preferences."""
        found: dict[Channel, list[str]] = {}
        if self.preferences.email and self.emails:
            found[Channel.EMAIL] = list(self.emails)
        if self.preferences.sms and self.phone:
            found[Channel.SMS] = [self.phone]
        return found


# --- notifications and their deliveries -----------------------------------------------------
@dataclass(frozen=True)
class NotificationDelivered:
    notification_id: str
    recipient_id: str
    kind: NotificationKind


class DeliveryStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


@dataclass(frozen=True)
class DeliveryAttempted:
    """One attempt's outcome: `sent`, `retrying` (with when) or `failed` (with why)."""

    delivery_id: str
    notification_id: str
    recipient_id: str
    channel: Channel
    outcome: str
    attempt: int
    reason: str | None
    next_attempt_at: datetime | None


DomainEvent = NotificationDelivered | DeliveryAttempted


@dataclass
class Delivery:
    """A notification on its way to one address by one channel."""

    id: str
    notification_id: str
    recipient_id: str
    channel: Channel
    address: str
    subject: str
    text: str
    created_at: datetime
    next_attempt_at: datetime
    status: DeliveryStatus = DeliveryStatus.PENDING
    attempts: int = 0
    last_error: str | None = None
    sent_at: datetime | None = None
    version: int = 0
    events: list[DomainEvent] = field(default_factory=list, repr=False, compare=False)

    def _attempted(self, outcome: str, reason: str | None) -> None:
        self.events.append(
            DeliveryAttempted(
                self.id,
                self.notification_id,
                self.recipient_id,
                self.channel,
                outcome,
                self.attempts,
                reason,
                self.next_attempt_at if outcome == "retrying" else None,
            )
        )

    def sent(self, now: datetime) -> None:
        self.attempts += 1
        self.status, self.sent_at, self.last_error = DeliveryStatus.SENT, now, None
        self._attempted("sent", None)

    def not_sent(
        self, reason: str, *, now: datetime, delays: list[float], permanent: bool = False
    ) -> None:
        """Try again after the next delay, or give up when they ran out or retrying is futile."""
        self.attempts += 1
        self.last_error = reason
        if permanent or self.attempts > len(delays):
            self.status = DeliveryStatus.FAILED
            self._attempted("failed", reason)
            return
        self.next_attempt_at = now + timedelta(seconds=delays[self.attempts - 1])
        self._attempted("retrying", reason)


@dataclass
class Notification:
    id: str
    recipient_id: str
    kind: NotificationKind
    title: str
    body: str
    created_at: datetime
    source_event_id: str
    read_at: datetime | None = None
    events: list[DomainEvent] = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def deliver(
        cls,
        *,
        notification_id: str,
        recipient_id: str,
        kind: NotificationKind,
        title: str,
        body: str,
        now: datetime,
        source_event_id: str,
    ) -> Notification:
        n = cls(notification_id, recipient_id, kind, title, body, now, source_event_id)
        n.events.append(NotificationDelivered(notification_id, recipient_id, kind))
        return n

    @property
    def unread(self) -> bool:
        return self.read_at is None

    def deliveries(self, mailbox: Mailbox, *, sms_text: str) -> list[Delivery]:
        """One delivery per address the mailbox's preferences allow."""
        return [
            Delivery(
                id=f"{self.id}:{channel.value}:{i}",
                notification_id=self.id,
                recipient_id=self.recipient_id,
                channel=channel,
                address=address,
                subject=self.title,
                text=self.body if channel is Channel.EMAIL else sms_text,
                created_at=self.created_at,
                next_attempt_at=self.created_at,
            )
            for channel, addresses in mailbox.addresses().items()
            for i, address in enumerate(addresses)
        ]
