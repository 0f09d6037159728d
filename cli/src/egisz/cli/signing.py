"""`egisz sign`: a detached CAdES-BES signature of a file with a qualified certificate from a
`.pfx` (seed 003: the head's key comes as a `.pfx`), as a КЭП tool makes it; and, for the
development stand only, `egisz certificate` issuing such a `.pfx` from the stand's CA."""

from __future__ import annotations

import base64
import os
from pathlib import Path
from typing import Annotated

import typer
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12

from egisz.cli.options import DEFAULT_KEY, KeyFile
from egisz.kernel.cades import sign_detached
from egisz.runtime.dev_ca import DevCertificationAuthority

PasswordEnv = Annotated[
    str | None,
    typer.Option(
        "--password-env",
        help="Имя переменной окружения с паролем .pfx (пароль в командной строке виден всем)",
    ),
]
PfxFile = Annotated[Path, typer.Option("--pfx", help="Ключ и сертификат подписанта (.pfx)")]


class Pfx:
    """A signer's `.pfx`: their key, certificate and the chain it came with."""

    def __init__(self, path: Path, password_env: str | None = None) -> None:
        password = os.environ.get(password_env, "").encode() if password_env else None
        try:
            key, certificate, chain = pkcs12.load_key_and_certificates(
                path.read_bytes(), password or None
            )
        except (ValueError, OSError) as exc:
            raise typer.BadParameter(f"{path}: не читается как .pfx ({exc})") from None
        if certificate is None or not isinstance(
            key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey
        ):
            raise typer.BadParameter(f"{path}: нужен ключ RSA или ECDSA и его сертификат")
        self.key, self.certificate, self.chain = key, certificate, chain

    @property
    def certificate_pem(self) -> str:
        return self.certificate.public_bytes(serialization.Encoding.PEM).decode()

    def cades(self, content: bytes) -> str:
        """A detached CAdES-BES over `content`, base64."""
        signed = sign_detached(content, self.key, self.certificate, self.chain)
        return base64.b64encode(signed).decode()


def sign(
    file: Annotated[
        Path, typer.Argument(help="Что подписать: байты как есть (например, canonical)")
    ],
    pfx: PfxFile,
    password_env: PasswordEnv = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="Куда записать подпись (base64)")
    ] = None,
) -> None:
    """Подписать файл отсоединённой подписью CAdES-BES; напечатать её в base64."""
    signature = Pfx(pfx, password_env).cades(file.read_bytes())
    if out:
        out.write_text(signature + "\n")
    else:
        typer.echo(signature)


def certificate(
    snils: Annotated[str, typer.Option(help="СНИЛС владельца, 11 цифр")],
    surname: Annotated[str, typer.Option(help="Фамилия")],
    given_name: Annotated[str, typer.Option("--given-name", help="Имя Отчество")],
    out: Annotated[Path, typer.Option("--out", help="Куда записать .pfx")],
    ogrn: Annotated[
        str | None, typer.Option(help="ОГРН организации (сертификат руководителя)")
    ] = None,
    organization: Annotated[str | None, typer.Option(help="Наименование организации")] = None,
    key: KeyFile = DEFAULT_KEY,
) -> None:
    """Только для стенда: выпустить .pfx от тестового УЦ стенда (ему доверяет реестр стенда)."""
    ca = DevCertificationAuthority.at(key.parent)
    issued = ca.issue(
        snils=snils, surname=surname, given_name=given_name, ogrn=ogrn, organization=organization
    )
    out.write_bytes(issued.pfx())
    out.chmod(0o600)
    issuer = ca.certificate.subject.rfc4514_string()
    typer.echo(f"{out}: сертификат {issued.certificate.serial_number:x}, УЦ {issuer}")
