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


@click.command("keygen")
@click.argument("key", type=click.Path(dir_okay=False, path_type=Path))
def keygen(key: Path) -> None:
    """生成签名密钥：KEY 为私钥（省级规则包发布方保管），KEY.pub 为公钥（分发给使用方）。"""
    from ..authoring.signing import generate_key

    public, key_id = generate_key(key)
    click.echo(text("sign_key_written", private=key, public=public, key_id=key_id))


@click.command("sign")
@_pack_paths
@click.option("--key", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="私钥文件（rules keygen 生成）。")
def sign(packs: tuple[Path, ...], key: Path) -> None:
    """为规则包签名：在每个规则包旁写出 <规则包>.sig。"""
    from ..authoring.signing import load_private_key, sign_pack

    try:
        private = load_private_key(key)
        for pack in packs:
            click.echo(text("sign_signed", pack=pack, sig=sign_pack(pack, private)))
    except RiskEngineError as exc:
        click.echo(str(exc), err=True)
        sys.exit(exits.INPUT_ERROR)


@click.command("verify")
@_pack_paths
@click.option("--key", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="发布方的公钥文件（KEY.pub）。")
def verify(packs: tuple[Path, ...], key: Path) -> None:
    """核验规则包签名：内容未被修改，且由该公钥对应的私钥签名。退出码 1 表示核验未通过。"""
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
