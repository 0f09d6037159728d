"""How a notification leaves the system besides the inbox: e-mail over SMTP (aiosmtplib) and SMS
through an HTTP gateway (httpx). Each sender says whether a failure is worth retrying.

Sending is at-least-once: a replica killed after the server took a message and before the outcome
was saved sends it again. Every attempt of one delivery therefore carries the same `key` — the
e-mail's Message-ID, the gateway's Idempotency-Key — so the receiving side sees one message twice,
never two messages."""

from __future__ import annotations

import email.policy
import email.utils
import re
from email.message import EmailMessage
from typing import Protocol

import aiosmtplib
import httpx
from prometheus_client import CollectorRegistry, Counter

# Python 3.11 drops the space between encoded words when it folds a long Cyrillic subject
# ("неточности в" arrives as "неточностив"): keep each header on one line instead.
_POLICY = email.policy.SMTP.clone(max_line_length=998)


class DeliveryError(Exception):
    """Not sent. `permanent`: retrying cannot help (a refused address, a rejected number)."""

    def __init__(self, reason: str, *, permanent: bool = False) -> None:
        super().__init__(reason)
        self.reason, self.permanent = reason, permanent


class Sender(Protocol):
    async def send(self, address: str, subject: str, text: str, *, key: str) -> None:
        """`key`: the delivery's id, the same on every attempt of it."""
        ...


class CountedSender:
    """A sender whose every attempt is counted on `/metrics` by channel and outcome (`sent`,
    `failed`, `failed_permanently`), so ops see the SMTP server or the gateway failing."""

    def __init__(self, inner: Sender, channel: str, count: Counter) -> None:
        self._inner, self._channel, self._count = inner, channel, count

    async def send(self, address: str, subject: str, text: str, *, key: str) -> None:
        try:
            await self._inner.send(address, subject, text, key=key)
        except DeliveryError as exc:
            outcome = "failed_permanently" if exc.permanent else "failed"
            self._count.labels(self._channel, outcome).inc()
            raise
        self._count.labels(self._channel, "sent").inc()


def delivery_counter(registry: CollectorRegistry) -> Counter:
    """The one counter the channels' `CountedSender`s share."""
    return Counter(
        "egisz_notify_deliveries_total",
        "E-mail and SMS attempts, by channel and outcome",
        ["channel", "outcome"],
        registry=registry,
    )


def message_id(key: str, sender: str) -> str:
    """One delivery's Message-ID, on the sender's domain (RFC 5322 §3.6.4: a dot-atom, so the
    key's separators become dots)."""
    domain = email.utils.parseaddr(sender)[1].rpartition("@")[2] or "egisz.local"
    return f"<{re.sub(r'[^A-Za-z0-9-]+', '.', key).strip('.')}@{domain}>"


class SmtpSender:
    def __init__(
        self,
        *,
        host: str,
        port: int,
        sender: str,
        username: str | None = None,
        password: str | None = None,
        start_tls: bool | None = None,
        use_tls: bool = False,
        timeout: float = 10.0,
    ) -> None:
        self._host, self._port, self._from = host, port, sender
        self._username, self._password = username, password
        self._start_tls, self._use_tls, self._timeout = start_tls, use_tls, timeout

    async def send(self, address: str, subject: str, text: str, *, key: str) -> None:
        message = EmailMessage(policy=_POLICY)
        message["From"], message["To"], message["Subject"] = self._from, address, subject
        message["Message-ID"] = message_id(key, self._from)
        message["Date"] = email.utils.formatdate(localtime=False)
        message.set_content(text)
        try:
            await aiosmtplib.send(
                message.as_bytes(),  # flattened here: aiosmtplib would fold with its own policy
                sender=email.utils.parseaddr(self._from)[1],
                recipients=[address],
                hostname=self._host,
                port=self._port,
                username=self._username,
                password=self._password,
                start_tls=self._start_tls,
                use_tls=self._use_tls,
                timeout=self._timeout,
            )
        except aiosmtplib.SMTPRecipientsRefused as exc:
            codes = [r.code for r in exc.recipients]
            raise DeliveryError(
                f"SMTP refused {address}: {codes}", permanent=all(c >= 500 for c in codes)
            ) from exc
        except aiosmtplib.SMTPResponseException as exc:
            raise DeliveryError(
                f"SMTP {exc.code}: {exc.message}", permanent=exc.code >= 500
            ) from exc
        except (aiosmtplib.SMTPException, OSError) as exc:
            raise DeliveryError(f"SMTP server unreachable: {exc!r}") from exc


class HttpSmsSender:
    """POST `{"to": "+7…", "text": …}` with the gateway's key; 2xx is accepted."""

    def __init__(self, *, url: str, key: str | None, timeout: float = 10.0) -> None:
        self._url, self._key = url, key
        # One client, its connections kept: a client per message built a TLS context each
        # time (a quarter of a busy process's CPU, profiled).
        self._client = httpx.AsyncClient(timeout=timeout)

    async def close(self) -> None:
        await self._client.aclose()

    async def send(self, address: str, subject: str, text: str, *, key: str) -> None:
        headers = {"Idempotency-Key": key}
        if self._key:
            headers["Authorization"] = f"Bearer {self._key}"
        phone = address if address.startswith("+") else f"+7{address}"
        try:
            response = await self._client.post(
                self._url, json={"to": phone, "text": text}, headers=headers
            )
        except httpx.HTTPError as exc:
            raise DeliveryError(f"SMS gateway unreachable: {exc!r}") from exc
        if response.is_success:
            return
        permanent = 400 <= response.status_code < 500 and response.status_code not in (408, 429)
        raise DeliveryError(
            f"SMS gateway {response.status_code}: {response.text[:200]}", permanent=permanent
        )
