"""Tokens: EdDSA-signed, issuer and audience checked, roles enforced."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from egisz.contracts.envelope import Role
from egisz.kernel.errors import ForbiddenError, UnauthenticatedError
from egisz.runtime import auth
from egisz.runtime.auth import TokenVerifier, generate_key_pair, issue_token, require_role


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, TokenVerifier]:
    private, public = generate_key_pair(tmp_path_factory.mktemp("k"))
    return private.read_text(), TokenVerifier(
        public.read_text(), issuer="egisz-dev-idp", audience="egisz"
    )


def test_a_valid_token_names_the_actor(keys: tuple[str, TokenVerifier]) -> None:
    private, verifier = keys
    actor = verifier.verify(
        "Bearer " + issue_token(private, role=Role.WORKER, snils="11223344595", sub="u1")
    )
    assert (actor.role, actor.sub, actor.snils) == (Role.WORKER, "u1", "11223344595")


@pytest.mark.parametrize("header", [None, "", "Basic abc", "Bearer", "Bearer not.a.jwt"])
def test_a_missing_or_malformed_token_is_refused(
    keys: tuple[str, TokenVerifier], header: str | None
) -> None:
    with pytest.raises(UnauthenticatedError):
        keys[1].verify(header)


def test_a_token_signed_by_another_key_is_refused(
    keys: tuple[str, TokenVerifier], tmp_path: Path
) -> None:
    other_private, _ = generate_key_pair(tmp_path)
    token = issue_token(other_private.read_text(), role=Role.SERVICE)
    with pytest.raises(UnauthenticatedError):
        keys[1].verify(f"Bearer {token}")


def test_an_expired_token_is_refused(keys: tuple[str, TokenVerifier]) -> None:
    token = issue_token(keys[0], role=Role.SERVICE, ttl_seconds=-10)
    with pytest.raises(UnauthenticatedError, match="истёк"):
        keys[1].verify(f"Bearer {token}")


def test_a_worker_token_needs_a_snils_and_an_officer_token_an_org(
    keys: tuple[str, TokenVerifier],
) -> None:
    with pytest.raises(UnauthenticatedError):
        keys[1].verify("Bearer " + issue_token(keys[0], role=Role.WORKER))
    with pytest.raises(UnauthenticatedError):
        keys[1].verify("Bearer " + issue_token(keys[0], role=Role.ORG_OFFICER))


def test_a_role_outside_the_allowed_ones_is_forbidden(keys: tuple[str, TokenVerifier]) -> None:
    actor = keys[1].verify("Bearer " + issue_token(keys[0], role=Role.MANAGER, org="1.2"))
    with pytest.raises(ForbiddenError):
        require_role(actor, {Role.ORG_OFFICER})


def _signed(private: str, claims: dict[str, object]) -> str:
    import jwt
    from cryptography.hazmat.primitives import serialization

    key = serialization.load_pem_private_key(private.encode(), password=None)
    return "Bearer " + jwt.encode(claims, key, algorithm="EdDSA")  # type: ignore[arg-type]


def _claims(**changes: object) -> dict[str, object]:
    import time

    now = int(time.time())
    base: dict[str, object] = {
        "sub": "u1",
        "role": "service",
        "iss": "egisz-dev-idp",
        "aud": "egisz",
        "iat": now,
        "exp": now + 600,
    }
    base.update(changes)
    return {k: v for k, v in base.items() if v is not None}


@pytest.mark.parametrize(
    ("changes", "why"),
    [
        ({"sub": ""}, "empty sub"),
        ({"sub": "x" * 100_000}, "a sub of 100,000 characters"),
        ({"exp": "9999999999"}, "exp as a string"),
        ({"iat": "0"}, "iat as a string"),
        ({"iat": 4_102_444_800, "exp": 4_102_448_400}, "issued in 2100"),
        ({"exp": 4_102_444_800}, "valid until 2100, longer than any token lives"),
        ({"nbf": "soon"}, "nbf not a number"),
        ({"org": "$where"}, "an OID that is not digits and dots"),
    ],
)
def test_a_token_with_insane_claims_is_refused(
    keys: tuple[str, TokenVerifier], changes: dict[str, object], why: str
) -> None:
    with pytest.raises(UnauthenticatedError):
        keys[1].verify(_signed(keys[0], _claims(**changes)))


def test_an_oversized_token_is_refused_before_it_is_parsed(
    keys: tuple[str, TokenVerifier],
) -> None:
    with pytest.raises(UnauthenticatedError, match="длиннее"):
        keys[1].verify("Bearer " + "a" * 1_000_000)


def test_a_token_verified_once_is_served_again_until_it_expires(
    keys: tuple[str, TokenVerifier], monkeypatch: pytest.MonkeyPatch
) -> None:
    private, verifier = keys
    token = issue_token(private, role=Role.WORKER, snils="11223344595", ttl_seconds=60)
    first = verifier.verify(f"Bearer {token}")
    assert verifier.verify(f"Bearer {token}") is first  # not checked again
    later = time.time() + 61
    monkeypatch.setattr(time, "time", lambda: later)
    with pytest.raises(UnauthenticatedError, match="истёк"):
        verifier.verify(f"Bearer {token}")
    assert token not in verifier._verified  # a later call checks it whole again


def test_the_verified_tokens_kept_are_bounded(
    keys: tuple[str, TokenVerifier], monkeypatch: pytest.MonkeyPatch
) -> None:
    private, verifier = keys
    monkeypatch.setattr(auth, "VERIFIED_KEPT", 3)
    tokens = [issue_token(private, role=Role.SERVICE, sub=f"s{i}") for i in range(5)]
    for token in tokens:
        verifier.verify(f"Bearer {token}")
    assert len(verifier._verified) == 3
    assert tokens[0] not in verifier._verified and tokens[-1] in verifier._verified
