"""Stored answers: a command repeated with the same `Idempotency-Key` gets the first answer, not
a second effect. The key is the caller's own and names one request: another body under it is
refused. The answer is written in the command's own transaction (`mongo.ReplySlot`), with whose
data it showed: the audit journal's entry for a replay names them as the first answer's did."""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable

import structlog
from pydantic import BaseModel
from pymongo.errors import DuplicateKeyError

from egisz.kernel.clock import utcnow
from egisz.kernel.errors import ConflictError, ServiceError, TransientError
from egisz.runtime import replies
from egisz.runtime.journal import Disclosures
from egisz.runtime.mongo import Mongo, ReplySlot, reply_slot
from egisz.runtime.retries import run_with_retries

IDEMPOTENCY = "idempotent_replies"


class IdempotencyKeyReusedError(ConflictError):
    code = "idempotency_key_reused"
    default_message = (
        "Этот ключ идемпотентности уже использован для другого запроса: "
        "для нового запроса возьмите новый ключ"
    )


class StoredReplies:
    def __init__(self, mongo: Callable[[], Mongo], retry_seconds: float) -> None:
        self._mongo = mongo
        self._retry_seconds = retry_seconds

    async def answer(
        self,
        doc_id: str,
        request: BaseModel,
        run: Callable[[], Awaitable[BaseModel]],
        disclosures: Disclosures | None = None,
    ) -> bytes:
        """The stored answer to this key, or `run`'s, stored with its effects; `disclosures`:
        whose data the answer shows, stored with it and given back on a replay."""
        digest = hashlib.sha256(request.model_dump_json().encode()).hexdigest()

        async def first_answer() -> bytes | None:
            stored = await self._mongo()[IDEMPOTENCY].find_one({"_id": doc_id})
            if stored is None:
                return None
            if stored.get("request") not in (None, digest):
                raise IdempotencyKeyReusedError()
            structlog.contextvars.bind_contextvars(idempotent_replay=True)
            if disclosures is not None:
                disclosures.restore(stored.get("disclosed"))
            return bytes(stored["reply"])

        async def attempt() -> bytes:
            if (answered := await first_answer()) is not None:
                return answered
            slot = ReplySlot()
            token = reply_slot.set(slot)
            try:
                reply = replies.success(await run())
            except BaseException as exc:
                await slot.abandon()
                if isinstance(exc, ServiceError) and (answered := await first_answer()):
                    # The same request, still running when this retry came, has answered since
                    # (its effect is why this one was refused): that answer is the reply.
                    return answered
                raise
            finally:
                reply_slot.reset(token)
            document = {"_id": doc_id, "request": digest, "reply": reply, "at": utcnow()}
            if disclosures:
                document["disclosed"] = disclosures.stored()
            try:
                await slot.finish(IDEMPOTENCY, document, self._mongo())
            except DuplicateKeyError:
                # The same request ran at the same time and stored its answer first.
                return await first_answer() or replies.failure(replies.error_body(TransientError()))
            return reply

        return bytes(await run_with_retries(attempt, self._retry_seconds))
