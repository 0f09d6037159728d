"""Who hears of a job, as FRMR announces it: one pure function from the news to the notices.

The person hears of every job entered into their record, so a job added by an organization they
do not work for can be disputed at once. Their other employers hear that a job started or ended
elsewhere. Whether the job is current is the registry's word, carried by its event: notify never
works it out again from dates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from egisz.notify.domain.model import Message, NotificationKind, day, person


@dataclass(frozen=True)
class JobNews:
    snils: str
    organization_oid: str
    position: str
    start_date: date
    end_date: date | None
    started: bool  # entered into the record; False: ended
    current: bool  # the registry's word on the day of the change


def job_notices(news: JobNews, *, worker_name: str) -> list[Message]:
    mailbox = person(news.snils)
    on = news.start_date if news.started else (news.end_date or news.start_date)
    staff = Message(
        NotificationKind.STAFF_JOB_CHANGED,
        {
            "worker_name": worker_name,
            "change": "added" if news.started else "ended",
            "organization_oid": news.organization_oid,
            "position": news.position,
            "day": day(on),
        },
        employers_of=mailbox,
        except_org=news.organization_oid,
    )
    if not news.started:
        return [staff]
    own = Message(
        NotificationKind.EMPLOYMENT_ADDED,
        {
            "organization_oid": news.organization_oid,
            "position": news.position,
            "start_date": day(news.start_date),
            "end_date": day(news.end_date) if news.end_date else None,
        },
        recipient_id=mailbox,
    )
    return [own, staff]
