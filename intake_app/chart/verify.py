"""Checking a sealed chart PDF: VALID only when every byte is as the clinic sealed it.

pyHanko checks the signature, that it covers the whole file, and whose it is.
The signature text (``/Contents``) sits outside what the signature covers, and
so does part of the signature data inside it (the certificate set, unsigned
attributes, some algorithm fields). A change there would leave the signature
valid, so these must be exactly as a signer writes them:

- the hex text in one letter case, decoding to DER followed by zeros only;
- the DER in its one exact encoding (shortest lengths, no stray elements);
- versions, algorithm lists and content type as RFC 5652 prescribes them, the
  signer identifier naming the signing certificate byte for byte;
- every certificate the signer's own (bound by its hash in the signed
  attributes) or the issuer of one (bound by the signature it made), no
  revocation data, and no unsigned attribute but a timestamp, checked the same way.

What stays unprovable from the file alone (a timestamp authority's certificate
at the top of a partial chain) the document database's SHA-256 covers: see
``intake-app verify``.

A VALID verdict also carries the audit trail's head sealed in the file
(``chart.anchor``), for ``intake-app audit verify``.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from intake_app.chart.anchor import AuditAnchor, anchor_in


@dataclass(frozen=True)
class Verdict:
    valid: bool
    reason: str
    signer: str = ""
    signed_at: str = ""
    document_id: str = ""
    anchor: AuditAnchor | None = None  # the audit trail's head it seals (VALID only)


def verify_pdf(data: bytes, trusted_cert: Path | bytes) -> Verdict:
    """VALID only when every byte is as sealed, and sealed by ``trusted_cert`` (a path or
    PEM; a PEM may hold several certificates: sealed by any of them).

    Beyond pyHanko's check of the signature and its coverage, the signature text
    itself must be exactly what the signer wrote (see the module's notes).
    """
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(io.BytesIO(data))
        signatures = reader.embedded_signatures
    except Exception as exc:  # any damage to the file structure
        return Verdict(False, f"the file cannot be read as a PDF ({type(exc).__name__})")
    if not signatures:
        return Verdict(False, "the file has no seal")
    document_id = _document_id(reader)
    if len(signatures) > 1:
        return Verdict(False, "the file holds more than one seal", document_id=document_id)
    problem = _signature_text_problem(data, signatures[0])
    if problem:
        return Verdict(False, problem, document_id=document_id)
    verdict = _validated(signatures[0], trusted_cert, document_id)
    return replace(verdict, anchor=_anchor(reader)) if verdict.valid else verdict


def read_anchor(data: bytes) -> AuditAnchor | None:
    """The audit trail's head a PDF names, its seal not checked (None: it names none)."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        return _anchor(PdfFileReader(io.BytesIO(data)))
    except Exception:  # any damage to the file structure
        return None


def _validated(signature: Any, trusted_cert: Path | bytes, document_id: str) -> Verdict:
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    try:
        roots = _load_certificates(trusted_cert)
        status = validate_pdf_signature(signature, ValidationContext(trust_roots=roots))
    except Exception as exc:
        return Verdict(
            False,
            f"the seal is damaged and cannot be checked ({type(exc).__name__})",
            document_id=document_id,
        )
    signer = status.signing_cert.subject.human_friendly if status.signing_cert else ""
    when = status.signer_reported_dt.isoformat() if status.signer_reported_dt else ""
    try:
        problem = _status_problem(status) or _uncovered_parts_problem(signature, status)
    except Exception:  # a part pyHanko did not need is not readable
        problem = "the seal's signature data cannot be read"
    if problem:
        return Verdict(False, problem, signer, when, document_id)
    return Verdict(True, "intact and sealed by the clinic", signer, when, document_id)


def _load_certificates(trusted: Path | bytes) -> list[Any]:
    """Every certificate in ``trusted`` (one DER, or one or more PEM blocks: the clinic's
    certificate now and those it sealed with before, see ``chart.seal``)."""
    from asn1crypto import pem, x509  # type: ignore[import-untyped]

    raw = trusted.read_bytes() if isinstance(trusted, Path) else trusted
    if not pem.detect(raw):
        return [x509.Certificate.load(raw)]
    return [x509.Certificate.load(der) for _, _, der in pem.unarmor(raw, multiple=True)]


def _status_problem(status: Any) -> str | None:
    coverage = getattr(status.coverage, "name", str(status.coverage))
    if not status.intact or not status.valid:
        return "the file was changed after it was sealed"
    if not status.trusted:
        return "the seal is not the clinic's"
    if coverage != "ENTIRE_FILE":
        return "content was added after the seal"
    stamp = status.timestamp_validity
    if stamp is not None and not (stamp.intact and stamp.valid):
        return "the seal's timestamp was changed"
    return None


def _signature_text_problem(data: bytes, signature: Any) -> str | None:
    """Why the signature text (``/Contents``) is not byte for byte what the signer wrote."""
    from asn1crypto import cms

    byte_range = [int(number) for number in signature.byte_range]
    if len(byte_range) != 4 or byte_range[0] != 0:
        return "the seal does not cover the file from its first byte"
    text = data[byte_range[1] : byte_range[2]]
    raw = signature.pkcs7_content
    written = raw.hex().encode()
    if text not in (b"<" + written + b">", b"<" + written.upper() + b">"):
        return "the seal's signature text was changed (not plain hex in one letter case)"
    try:
        length = len(cms.ContentInfo.load(raw).dump())
    except Exception:
        return "the seal's signature data cannot be read"
    if raw[length:].strip(b"\0"):
        return "the seal's signature text was changed (its padding is not all zeros)"
    if not _is_canonical_der(raw[:length]):
        return "the seal's signature data was changed (it is not in its one exact encoding, DER)"
    try:
        shaped = _has_cms_shape(raw[:length])
    except IndexError:  # an element holds what is not DER where DER belongs
        shaped = False
    if not shaped:
        return "the seal's signature data was changed (an element no reader expects)"
    return None


# The tags of the elements of each part, in order (RFC 5652); a reader skips any other element,
# so a changed tag could hide a part from the checks.
_CONTENT_INFO = re.compile(rb"\x06\xa0")
_SIGNED_DATA = re.compile(rb"\x02\x31\x30\xa0?\xa1?\x31")
_ENCAPSULATED = re.compile(rb"\x06\xa0?")
_SIGNER_INFO = re.compile(rb"\x02[\x30\x80]\x30\xa0?\x30\x04\xa1?")
_ATTRIBUTE = re.compile(rb"\x06\x31")


def _has_cms_shape(content_info: bytes) -> bool:
    """Each part of a CMS signed-data (and of a timestamp in it) holds just its own elements."""
    outer = _elements(content_info)
    if not _CONTENT_INFO.fullmatch(_tags(outer)) or len(_elements(outer[1])) != 1:
        return False
    parts = _elements(_elements(outer[1])[0])
    if not _SIGNED_DATA.fullmatch(_tags(parts)):
        return False
    if not _ENCAPSULATED.fullmatch(_tags(_elements(parts[2]))):
        return False
    return all(_signer_info_has_shape(info) for info in _elements(parts[-1]))


def _signer_info_has_shape(signer_info: bytes) -> bool:
    fields = _elements(signer_info)
    if not _SIGNER_INFO.fullmatch(_tags(fields)):
        return False
    if fields[-1][0] != 0xA1:  # no unsigned attributes
        return True
    for attribute in _elements(fields[-1]):
        parts = _elements(attribute)
        if not _ATTRIBUTE.fullmatch(_tags(parts)):
            return False
        if not all(map(_has_cms_shape, _elements(parts[1]))):
            return False
    return True


def _elements(value: bytes) -> list[bytes]:
    """The DER elements inside one constructed DER value (which is known to be well formed)."""
    start = _header_length(value)
    elements = []
    while start < len(value):
        end = _der_value_end(value, start)
        elements.append(value[start:end])
        start = end
    return elements


def _tags(elements: list[bytes]) -> bytes:
    return bytes(element[0] for element in elements)


def _header_length(value: bytes) -> int:
    first = value[1]
    return 2 + (first & 0x7F if first & 0x80 else 0)


def _is_canonical_der(data: bytes) -> bool:
    """True when ``data`` is one DER value, every length in its shortest form, all the way down."""
    try:
        end = _der_value_end(data, 0)
    except IndexError:
        return False
    return end == len(data)


def _der_value_end(data: bytes, start: int) -> int:
    """Where the DER value at ``start`` ends; IndexError when it is not DER."""
    tag, position = data[start], start + 1
    if tag == 0:  # end-of-contents: only indefinite lengths use it, never DER
        raise IndexError("end-of-contents octets")
    if tag & 0x1F == 0x1F:  # high tag numbers: a base-128 number, no leading 0x80
        if data[position] == 0x80:
            raise IndexError("non-minimal tag")
        while data[position] & 0x80:
            position += 1
        position += 1
    length, position = _der_length(data, position)
    end = position + length
    if end > len(data):
        raise IndexError("value runs past the end")
    if tag & 0x20:  # constructed: its contents are DER values back to back
        while position < end:
            position = _der_value_end(data, position)
        if position != end:
            raise IndexError("contents overrun")
    return end


def _der_length(data: bytes, position: int) -> tuple[int, int]:
    first = data[position]
    if first < 0x80:
        return first, position + 1
    count = first & 0x7F
    octets = data[position + 1 : position + 1 + count]
    if count == 0 or len(octets) != count or octets[0] == 0:
        raise IndexError("indefinite or non-minimal length")
    length = int.from_bytes(octets, "big")
    if length < 0x80:
        raise IndexError("long form for a short length")
    return length, position + 1 + count


def _uncovered_parts_problem(signature: Any, status: Any) -> str | None:
    """Parts of the signature data, and of its timestamp, that no signature covers, if changed.

    Read afresh from the file's bytes: pyHanko's parsed objects may have been
    re-encoded while it checked them.
    """
    from asn1crypto import cms

    signed_data = cms.ContentInfo.load(signature.pkcs7_content)["content"]
    problem = _signed_data_problem(signed_data, status.signing_cert, "data")
    unsigned = list(signed_data["signer_infos"][0]["unsigned_attrs"])
    names = [attribute["type"].native for attribute in unsigned]
    if problem or names == []:
        return problem
    if names != ["signature_time_stamp_token"] or status.timestamp_validity is None:
        return "the seal holds attributes its signature does not cover"
    [token] = unsigned[0]["values"]
    signing_cert = status.timestamp_validity.signing_cert
    return _signed_data_problem(token["content"], signing_cert, "tst_info", "timestamp")


def _signed_data_problem(
    signed_data: Any, signing_cert: Any, content_type: str, part: str = "signature data"
) -> str | None:
    """What in a CMS signed-data differs from the one shape a signer writes (RFC 5652).

    ``signing_cert`` is the certificate the signature was checked with; its copy
    in ``signed_data`` must be the one the signer identifier names.
    """
    [signer_info] = signed_data["signer_infos"]
    certificates = [choice.chosen for choice in signed_data["certificates"]]
    signer = next((c for c in certificates if c.issuer_serial == signing_cert.issuer_serial), None)
    if signer is None or not _names_signer(signer_info["sid"], signer):
        return f"the seal's {part} was changed (signer identifier)"
    by_key_id = signer_info["sid"].name == "subject_key_identifier"
    versions = (signed_data["version"].native, signer_info["version"].native)
    expected = ("v3" if by_key_id or content_type != "data" else "v1", "v3" if by_key_id else "v1")
    if versions != expected:
        return f"the seal's {part} was changed (version numbers)"
    algorithms = [algorithm.dump() for algorithm in signed_data["digest_algorithms"]]
    if algorithms != [signer_info["digest_algorithm"].dump()]:
        return f"the seal's {part} was changed (digest algorithm list)"
    content = signed_data["encap_content_info"]
    detached = content["content"].native is None
    if content["content_type"].native != content_type or detached != (content_type == "data"):
        return f"the seal's {part} was changed (content type)"
    if signed_data["crls"].native:
        return f"the seal's {part} holds revocation data no signature covers"
    if part != "signature data" and signer_info["unsigned_attrs"].native:
        return f"the seal's {part} holds attributes no signature covers"
    if not _each_vouched_for(certificates, signer):
        return f"the seal's {part} holds a certificate no signature covers"
    return None


def _each_vouched_for(certificates: list[Any], signing_cert: Any) -> bool:
    """Every certificate is the signer's, or signed one already vouched for; a root signs itself.

    The signer's certificate is bound by the signed attributes (its hash); each
    issuer above it is bound by the signature it made on the certificate below.
    """
    from cryptography import x509

    loaded = {cert.dump(): x509.load_der_x509_certificate(cert.dump()) for cert in certificates}
    vouched = {signing_cert.dump()}
    while True:
        issuers = {
            der
            for der, issuer in loaded.items()
            if der not in vouched and any(_issued(loaded.get(v), issuer) for v in vouched)
        }
        if not issuers:
            break
        vouched |= issuers
    roots_sound = all(
        _issued(cert, cert) for der, cert in loaded.items() if cert.issuer == cert.subject
    )
    return roots_sound and all(der in vouched for der in loaded)


def _issued(child: Any, issuer: Any) -> bool:
    """True when ``issuer``'s key made the signature on ``child``."""
    if child is None:
        return False
    try:
        child.verify_directly_issued_by(issuer)
    except Exception:
        return False
    return True


def _names_signer(sid: Any, certificate: Any) -> bool:
    """The signer identifier is byte for byte the signing certificate's issuer and serial."""
    if sid.name == "subject_key_identifier":
        return bool(sid.chosen.native == certificate.key_identifier)
    serial = certificate["tbs_certificate"]["serial_number"]
    return bool(
        sid.chosen["issuer"].dump() == certificate.issuer.dump()
        and sid.chosen["serial_number"].dump() == serial.dump()
    )


def _anchor(reader: Any) -> AuditAnchor | None:
    try:
        return anchor_in(str(reader.trailer["/Info"].get("/Keywords", "")))
    except Exception:
        return None


def _document_id(reader: Any) -> str:
    try:
        subject = str(reader.trailer["/Info"].get("/Subject", ""))
    except Exception:
        return ""
    return subject.removeprefix("document-id:")
