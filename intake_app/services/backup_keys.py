"""The seal's private keys in a backup: left out, or encrypted with a passphrase.

A backup is a copy that travels (a USB disk, another server), so the clinic's private
seal key never goes in it as it is: without ``--include-keys`` it is left out (the
certificates, which are public, are copied); with it, every private file of the keys
folder is encrypted into one file, ``keys.enc``.

The key is derived from the passphrase with scrypt (a random 16-byte salt, N=2**15,
r=8, p=1: memory-hard, so guessing passphrases is slow even on special hardware) and
the files are sealed with AES-256-GCM (a random 12-byte nonce), which also proves
them unchanged: a wrong passphrase or a changed byte opens nothing. The parameters
are stored next to the ciphertext, in the same JSON file, so a later version can
still open an older backup.
"""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from intake_app.services.backup_manifest import BackupProblem

KEYS_FILE = "keys.enc"
KEYS_FORMAT = "intake-app encrypted keys"
# Bound into the ciphertext: the same bytes under another format name do not open.
ASSOCIATED_DATA = b"intake-app encrypted keys, version 1"
SCRYPT = {"n": 2**15, "r": 8, "p": 1, "length": 32}
MIN_PASSPHRASE = 10


class WrongPassphrase(BackupProblem):
    """The passphrase does not open the backup's keys (or the keys file was changed)."""


def is_private(path: Path) -> bool:
    """A keys-folder file that must not leave the machine unencrypted: anything that is
    not only certificates (a private key, a PKCS#12 bundle, an unknown file)."""
    data = path.read_bytes()
    return b"PRIVATE KEY" in data or b"-----BEGIN CERTIFICATE-----" not in data


def passphrase_problem(passphrase: str) -> str | None:
    if len(passphrase) < MIN_PASSPHRASE:
        return (
            f"The passphrase is too short: use at least {MIN_PASSPHRASE} characters "
            "(a few words are easy to remember and hard to guess)."
        )
    return None


def encrypt_keys(files: dict[str, bytes], passphrase: str) -> bytes:
    """The keys file: ``files`` (name -> bytes) sealed with a key derived from ``passphrase``."""
    salt, nonce = os.urandom(16), os.urandom(12)
    plain = json.dumps({name: _b64(data) for name, data in sorted(files.items())}).encode()
    sealed = AESGCM(_derive(passphrase, salt, SCRYPT)).encrypt(nonce, plain, ASSOCIATED_DATA)
    stored = {
        "format": KEYS_FORMAT,
        "kdf": {"name": "scrypt", "salt": _b64(salt), **SCRYPT},
        "cipher": {"name": "AES-256-GCM", "nonce": _b64(nonce)},
        "files": sorted(files),
        "ciphertext": _b64(sealed),
    }
    return (json.dumps(stored, indent=2) + "\n").encode()


def decrypt_keys(stored: bytes, passphrase: str) -> dict[str, bytes]:
    """The files of a keys file; WrongPassphrase when ``passphrase`` does not open it."""
    try:
        data = json.loads(stored)
        kdf, cipher = data["kdf"], data["cipher"]
        if data["format"] != KEYS_FORMAT or kdf["name"] != "scrypt":
            raise ValueError("not an intake-app keys file")
        if cipher["name"] != "AES-256-GCM":
            raise ValueError("unknown cipher")
        params = {name: int(kdf[name]) for name in ("n", "r", "p", "length")}
        key = _derive(passphrase, base64.b64decode(kdf["salt"]), params)
        nonce, sealed = base64.b64decode(cipher["nonce"]), base64.b64decode(data["ciphertext"])
    except (KeyError, TypeError, ValueError) as exc:
        raise BackupProblem(f"{KEYS_FILE} is not a keys file this version can read.") from exc
    try:
        plain = AESGCM(key).decrypt(nonce, sealed, ASSOCIATED_DATA)
    except InvalidTag:
        raise WrongPassphrase(
            "The passphrase does not open the backup's keys; nothing was restored. "
            "Try again with the passphrase given when the backup was made."
        ) from None
    return {name: base64.b64decode(text) for name, text in json.loads(plain).items()}


def _derive(passphrase: str, salt: bytes, params: dict[str, int]) -> bytes:
    kdf = Scrypt(salt=salt, length=params["length"], n=params["n"], r=params["r"], p=params["p"])
    return kdf.derive(passphrase.encode("utf-8"))


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
