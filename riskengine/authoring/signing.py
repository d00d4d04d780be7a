"""Signed rule packs: a province signs what it publishes, a street proves it ran it unaltered.

Ed25519 through ``cryptography`` (no hand-rolled cryptography). A signature is a small JSON file
beside the pack (``<pack>.yaml.sig``) holding the pack's id, version and SHA-256 and the
signature over a canonical statement of those three; the key id is the first 16 hex digits of
the SHA-256 of the raw public key, so a user can tell keys apart.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from ..errors import RiskEngineError
from ..messages import text
from ..packs.rulepack import read_rule_pack

SIGNATURE_SUFFIX = ".sig"
FORMAT = "riskengine-pack-signature/1"


class SignatureError(RiskEngineError):
    """A pack is unsigned, altered, or signed by another key; or a key file is unusable."""


@dataclass(frozen=True)
class PackSignature:
    """What a ``.sig`` file states about one pack."""

    pack_id: str
    version: str
    sha256: str
    key_id: str
    signature: str

    def statement(self) -> bytes:
        return _statement(self.pack_id, self.version, self.sha256)

    def to_json(self) -> str:
        return json.dumps({
            "format": FORMAT, "pack_id": self.pack_id, "version": self.version, "sha256": self.sha256,
            "key_id": self.key_id, "signature": self.signature,
        }, ensure_ascii=False, indent=2) + "\n"


def generate_key(private_path: Path) -> tuple[Path, str]:
    """Write a new Ed25519 key pair (``KEY`` private, ``KEY.pub`` public); return public path, key id."""
    key = Ed25519PrivateKey.generate()
    private_path.write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    private_path.chmod(0o600)
    public_path = private_path.with_name(private_path.name + ".pub")
    public = key.public_key()
    public_path.write_bytes(public.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
    return public_path, key_id(public)


def key_id(public: Ed25519PublicKey) -> str:
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def load_private_key(path: Path) -> Ed25519PrivateKey:
    key = _load(path, serialization.load_pem_private_key, password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise SignatureError(text("sign_not_ed25519", path=path))
    return key


def load_public_key(path: Path) -> Ed25519PublicKey:
    key = _load(path, serialization.load_pem_public_key)
    if isinstance(key, Ed25519PrivateKey):  # a private key file also gives its public half
        return key.public_key()
    if not isinstance(key, Ed25519PublicKey):
        raise SignatureError(text("sign_not_ed25519", path=path))
    return key


def sign_pack(pack_path: Path, private_key: Ed25519PrivateKey) -> Path:
    """Sign one pack (it must load without errors); write and return ``<pack>.sig``."""
    info = read_rule_pack(pack_path).info
    signature = private_key.sign(_statement(info.id, info.version, info.sha256))
    sig = PackSignature(info.id, info.version, info.sha256, key_id(private_key.public_key()),
                        base64.b64encode(signature).decode("ascii"))
    out = signature_path(pack_path)
    out.write_text(sig.to_json(), encoding="utf-8")
    return out


def verify_pack(pack_path: Path, public_key: Ed25519PublicKey) -> PackSignature:
    """Check a pack against its ``.sig`` and the given key; raise :class:`SignatureError` if it fails."""
    sig_file = signature_path(pack_path)
    if not sig_file.exists():
        raise SignatureError(text("sign_unsigned", pack=pack_path, sig=sig_file.name))
    try:
        raw = json.loads(sig_file.read_text(encoding="utf-8"))
        sig = PackSignature(raw["pack_id"], raw["version"], raw["sha256"], raw["key_id"], raw["signature"])
        signature = base64.b64decode(sig.signature, validate=True)
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
        raise SignatureError(text("sign_bad_file", sig=sig_file, error=exc)) from exc
    actual = hashlib.sha256(pack_path.read_bytes()).hexdigest()
    if actual != sig.sha256:
        raise SignatureError(text("sign_altered", pack=pack_path))
    if sig.key_id != key_id(public_key):
        expected = key_id(public_key)
        raise SignatureError(text("sign_other_key", pack=pack_path, signer=sig.key_id, expected=expected))
    try:
        public_key.verify(signature, sig.statement())
    except InvalidSignature as exc:
        raise SignatureError(text("sign_invalid", pack=pack_path)) from exc
    return sig


def signature_path(pack_path: Path) -> Path:
    return pack_path.with_name(pack_path.name + SIGNATURE_SUFFIX)


def _statement(pack_id: str, version: str, sha256: str) -> bytes:
    return json.dumps({"format": FORMAT, "pack_id": pack_id, "version": version, "sha256": sha256},
                      sort_keys=True, separators=(",", ":")).encode("utf-8")


def _load(path: Path, loader, **kwargs):
    try:
        return loader(Path(path).read_bytes(), **kwargs)
    except (OSError, ValueError, TypeError) as exc:
        raise SignatureError(text("sign_bad_key", path=path, error=exc)) from exc
