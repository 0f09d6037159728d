"""EdDSA (Ed25519) JWT: verification for services, issuing and key generation for dev tools."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path

import jwt
import structlog
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pydantic import ValidationError

from egisz.contracts.envelope import Actor, Role, TokenClaims
from egisz.contracts.identities import NATS_ONLY, identity_of
from egisz.contracts.subjects import Command
from egisz.kernel.errors import ForbiddenError, UnauthenticatedError

ALGORITHM = "EdDSA"
# A real token is well under 2 KB; anything longer is refused before a byte of it is parsed.
MAX_TOKEN_CHARS = 4096
MAX_CLOCK_SKEW_SECONDS = 300
MAX_LIFETIME_SECONDS = 31 * 24 * 3600  # a service's own token lives longest: 30 days
# Tokens verified once and served again until they expire: a caller sends the same token with
# every request, and checking its signature again cost about a tenth of a command's CPU.
VERIFIED_KEPT = 4096


class TokenVerifier:
    """Verifies `authorization: Bearer <jwt>` and returns the actor it names."""

    def __init__(self, public_key_pem: str, *, issuer: str, audience: str) -> None:
        self._key = serialization.load_pem_public_key(public_key_pem.encode())
        self._issuer = issuer
        self._audience = audience
        self._verified: dict[str, tuple[Actor, int]] = {}  # token: its actor, its expiry

    def _known(self, token: str) -> Actor | None:
        """The actor of a token verified before, until it expires (its `nbf` had passed when it
        was verified); once expired it is refused as a new one would be."""
        kept = self._verified.get(token)
        if kept is None:
            return None
        actor, exp = kept
        if time.time() >= exp:
            del self._verified[token]
            raise UnauthenticatedError("Срок действия токена истёк: войдите заново")
        return actor

    def _keep(self, token: str, actor: Actor, exp: int) -> None:
        if len(self._verified) >= VERIFIED_KEPT:
            del self._verified[next(iter(self._verified))]  # the oldest
        self._verified[token] = (actor, exp)

    def verify(self, authorization: str | None) -> Actor:
        if not authorization:
            raise UnauthenticatedError("Нет токена доступа: передайте заголовок authorization")
        if len(authorization) > MAX_TOKEN_CHARS:
            raise UnauthenticatedError(f"Токен длиннее {MAX_TOKEN_CHARS} символов: войдите заново")
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token:
            raise UnauthenticatedError("Токен передаётся как «Bearer <токен>»")
        known = self._known(token)
        if known is not None:
            return known
        try:
            raw = jwt.decode(
                token,
                self._key,  # type: ignore[arg-type]
                algorithms=[ALGORITHM],
                issuer=self._issuer,
                audience=self._audience,
                options={"require": ["exp", "iat", "sub", "iss", "aud"]},
            )
            claims = TokenClaims.model_validate(raw)
            _check_times(claims.iat, claims.exp, raw.get("nbf"))
        except jwt.ExpiredSignatureError as exc:
            raise UnauthenticatedError("Срок действия токена истёк: войдите заново") from exc
        except (jwt.InvalidTokenError, ValidationError) as exc:
            raise UnauthenticatedError("Токен недействителен: войдите заново") from exc
        if claims.role is Role.ANONYMOUS:
            raise UnauthenticatedError("Токен с ролью anonymous не выдаётся")
        if claims.role is Role.WORKER and not claims.snils:
            raise UnauthenticatedError("В токене работника нет СНИЛС")
        if claims.role in (Role.ORG_OFFICER, Role.MANAGER) and not claims.org:
            raise UnauthenticatedError("В токене сотрудника организации нет OID организации")
        actor = Actor(
            role=claims.role, sub=claims.sub, snils=claims.snils, org=claims.org, name=claims.name
        )
        self._keep(token, actor, claims.exp)
        return actor


def _check_times(iat: int, exp: int, nbf: object) -> None:
    """Issued not in the future, not for longer than a month; `nbf`, if any, a number."""
    now = time.time()
    if iat > now + MAX_CLOCK_SKEW_SECONDS:
        raise UnauthenticatedError("Токен выдан в будущем: проверьте часы и войдите заново")
    if exp - iat > MAX_LIFETIME_SECONDS or exp <= iat:
        raise UnauthenticatedError("Срок действия токена задан неверно: войдите заново")
    if nbf is not None and (isinstance(nbf, bool) or not isinstance(nbf, int | float)):
        raise UnauthenticatedError("Токен недействителен: войдите заново")


ANONYMOUS = Actor(role=Role.ANONYMOUS, sub="anonymous")


def require_role(actor: Actor, allowed: Iterable[Role]) -> None:
    allowed = set(allowed)
    if actor.role not in allowed:
        names = ", ".join(sorted(r.value for r in allowed))
        raise ForbiddenError(f"Действие доступно ролям: {names}")


class IdentityNotAllowedError(ForbiddenError):
    code = "identity_not_allowed"
    default_message = "Этой системе команда не разрешена"
    fixable_by = "support"


def require_identity(actor: Actor, command: Command) -> None:
    """A system (`role: service`) may send exactly the commands its identity lists
    (`egisz.contracts.identities`), never any command a service role names."""
    identity = identity_of(actor.sub)
    if identity is None:
        raise IdentityNotAllowedError(
            f"Система «{actor.sub[:64]}» не зарегистрирована: токен системы должен называть её "
            "в `sub` (service:…, system:…); обратитесь в поддержку"
        )
    if not identity.may_call(command):
        raise IdentityNotAllowedError(
            f"Системе «{identity.name}» не разрешена команда {command.subject}"
        )
    if identity.org_bound and not actor.org:
        raise IdentityNotAllowedError(
            f"В токене системы «{identity.name}» нет ОГРН организации (`org`)"
        )


def authenticate(
    command: Command,
    authorization: str | None,
    roles: frozenset[Role],
    verifier: Callable[[], TokenVerifier],
) -> Actor:
    """Who sends this command, and whether their role and, for a system, their identity may:
    the token's holder; for a command only one of our services may send (NATS permissions,
    `NATS_ONLY`), that service — no token travels with it."""
    if (sender := NATS_ONLY.get(command.subject)) is not None:
        actor = Actor(role=Role.SERVICE, sub=sender.name)
    elif authorization is None and Role.ANONYMOUS in roles:
        actor = ANONYMOUS
    else:
        actor = verifier().verify(authorization)
    structlog.contextvars.bind_contextvars(actor=str(actor))
    require_role(actor, roles)
    if actor.role is Role.SERVICE:
        require_identity(actor, command)
    return actor


def generate_key_pair(directory: Path, name: str = "jwt") -> tuple[Path, Path]:
    """Write `<name>-private.pem` and `<name>-public.pem` (Ed25519) unless they exist; return
    their paths."""
    directory.mkdir(parents=True, exist_ok=True)
    private_path, public_path = directory / f"{name}-private.pem", directory / f"{name}-public.pem"
    if not private_path.exists():
        key = Ed25519PrivateKey.generate()
        private_path.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        private_path.chmod(0o600)
        public_path.write_bytes(
            key.public_key().public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
            )
        )
    return private_path, public_path


def issue_token(
    private_key_pem: str,
    *,
    role: Role,
    sub: str | None = None,
    snils: str | None = None,
    org: str | None = None,
    name: str | None = None,
    issuer: str = "egisz-dev-idp",
    audience: str = "egisz",
    ttl_seconds: int = 12 * 3600,
) -> str:
    now = int(time.time())
    claims = {
        "sub": sub or f"{role.value}-{uuid.uuid4().hex[:12]}",
        "role": role.value,
        "iss": issuer,
        "aud": audience,
        "iat": now,
        "exp": now + ttl_seconds,
    }
    claims.update({k: v for k, v in {"snils": snils, "org": org, "name": name}.items() if v})
    key = serialization.load_pem_private_key(private_key_pem.encode(), password=None)
    return jwt.encode(claims, key, algorithm=ALGORITHM)  # type: ignore[arg-type]
