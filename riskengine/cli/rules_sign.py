"""``riskengine rules keygen|sign|verify``: signed rule packs (Ed25519)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import RiskEngineError
from ..messages import text
from . import exits

_pack_paths = click.argument("packs", nargs=-1, required=True,
                             type=click.Path(exists=True, dir_okay=False, path_type=Path))


@click.command("keygen", help="help.rules.keygen")
@click.argument("key", type=click.Path(dir_okay=False, path_type=Path))
def keygen(key: Path) -> None:
    """Make a signing key pair: KEY (private, kept by the publisher) and KEY.pub (public, for users)."""
    from ..authoring.signing import generate_key

    public, key_id = generate_key(key)
    click.echo(text("sign_key_written", private=key, public=public, key_id=key_id))


@click.command("sign", help="help.rules.sign")
@_pack_paths
@click.option("--key", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="help.rules.sign.key")
def sign(packs: tuple[Path, ...], key: Path) -> None:
    """Sign rule packs: write <pack>.sig beside each."""
    from ..authoring.signing import load_private_key, sign_pack

    try:
        private = load_private_key(key)
        for pack in packs:
            click.echo(text("sign_signed", pack=pack, sig=sign_pack(pack, private)))
    except RiskEngineError as exc:
        click.echo(str(exc), err=True)
        sys.exit(exits.INPUT_ERROR)


@click.command("verify", help="help.rules.verify")
@_pack_paths
@click.option("--key", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="help.rules.verify.key")
def verify(packs: tuple[Path, ...], key: Path) -> None:
    """Verify pack signatures: unaltered, and signed with the key of this public key (exit 1 if not)."""
    from ..authoring.signing import SignatureError, load_public_key, verify_pack

    try:
        public = load_public_key(key)
    except RiskEngineError as exc:
        click.echo(str(exc), err=True)
        sys.exit(exits.INPUT_ERROR)
    failed = False
    for pack in packs:
        try:
            sig = verify_pack(pack, public)
            click.echo(text("sign_verified", pack=pack, pack_id=sig.pack_id, version=sig.version,
                            key_id=sig.key_id))
        except SignatureError as exc:
            failed = True
            click.echo(str(exc), err=True)
    if failed:
        sys.exit(exits.STRICT_FAILED)


def require_signed(packs: tuple[str, ...], key: Path) -> None:
    """Stop (exit 3) unless every pack is signed by ``key`` and unaltered (``assess --require-signed``)."""
    from ..authoring.signing import SignatureError, load_public_key, verify_pack

    problems = []
    try:
        public = load_public_key(key)
        for pack in packs:
            try:
                verify_pack(Path(pack), public)
            except SignatureError as exc:
                problems.append(str(exc))
    except RiskEngineError as exc:
        problems.append(str(exc))
    if problems:
        click.echo(text("sign_required_failed"), err=True)
        for problem in problems:
            click.echo(f"  {problem}", err=True)
        sys.exit(exits.INPUT_ERROR)
