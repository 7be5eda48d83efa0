"""Whether the clinic's seal certificate is good for at least ``EXPIRY_WARNING`` more.

The certificate is the one seals are made and checked with (``chart.seal``): the
clinic's own PKCS#12 file (``[seal] pkcs12_file``), or the app's own
``keys/clinic-seal-cert.pem``. An expired one is a problem (documents sealed from now
on carry an expired seal); one that ends within ``EXPIRY_WARNING`` is a warning.
"""

from __future__ import annotations

import datetime as dt

from intake_app.chart.seal import (
    CERT_FILE,
    EARLIER_FOLDER,
    KEY_FILE,
    NoClinicCertificate,
    clinic_certificate,
)
from intake_app.services.doctor_checks.findings import Finding, ok, problem, warning
from intake_app.settings import Settings

CHECK = "Seal certificate"
EXPIRY_WARNING = dt.timedelta(days=30)


def check_certificate(settings: Settings, *, now: dt.datetime) -> Finding:
    """The certificate's dates against ``now``."""
    from cryptography import x509

    pkcs12 = settings.clinic.seal.pkcs12_file
    source = pkcs12 or str(settings.keys_dir / CERT_FILE)
    try:
        pem = clinic_certificate(settings.keys_dir, pkcs12)
    except NoClinicCertificate as error:
        return _none(settings, str(error))
    try:
        certificate = x509.load_pem_x509_certificate(pem)
    except ValueError:
        return problem(
            CHECK,
            f"{source} is not a certificate the app can read.",
            _renew(settings, "now"),
        )
    return _dates(
        settings, source, certificate.not_valid_before_utc, certificate.not_valid_after_utc, now
    )


def _none(settings: Settings, why: str) -> Finding:
    if settings.clinic.seal.pkcs12_file:
        return problem(
            CHECK,
            why,
            "Check [seal] pkcs12_file in the clinic file (the file must be there and readable "
            "by the app's user) and the password in INTAKE_SEAL_PASSWORD.",
        )
    return warning(
        CHECK,
        why,
        "On the tablet that seals documents nothing is needed: the certificate is made with "
        "the first document. On any other computer, copy keys/clinic-seal-cert.pem from that "
        "tablet into this computer's keys folder so that seals can be checked here.",
    )


def _dates(
    settings: Settings, source: str, starts: dt.datetime, ends: dt.datetime, now: dt.datetime
) -> Finding:
    if ends <= now:
        return problem(
            CHECK,
            f"The seal certificate ({source}) expired on {_day(ends)}: documents sealed from "
            "now on carry an expired seal.",
            _renew(settings, "now"),
        )
    if starts > now:
        return warning(
            CHECK,
            f"The seal certificate ({source}) is valid only from {_day(starts)}.",
            "Check this computer's date and time; if they are right, the certificate was "
            "made for a later date: ask whoever made it.",
        )
    left = ends - now
    if left <= EXPIRY_WARNING:
        return warning(
            CHECK,
            f"The seal certificate ({source}) expires on {_day(ends)}, in {left.days} day(s).",
            _renew(settings, f"before {_day(ends)}"),
        )
    return ok(CHECK, f"The seal certificate ({source}) is valid until {_day(ends)}.")


def _renew(settings: Settings, when: str) -> str:
    earlier = settings.keys_dir / EARLIER_FOLDER
    keep = (
        f"Then put the old certificate (PEM) into {earlier} on every station: the "
        "documents sealed so far verify against it."
    )
    if settings.clinic.seal.pkcs12_file:
        return (
            f"Ask the certificate's issuer for a renewed certificate {when}, save it as a new "
            f"PKCS#12 file and set [seal] pkcs12_file in the clinic file to it. {keep}"
        )
    return (
        f"Renew the app's own key {when}: move {settings.keys_dir / CERT_FILE} into "
        f"{earlier} and delete {settings.keys_dir / KEY_FILE}; the next document sealed "
        "makes a new pair (copy it to the other stations). Or use a certificate from an "
        "issuer: a PKCS#12 file named in the clinic file's [seal] pkcs12_file, its "
        "password in INTAKE_SEAL_PASSWORD, the old certificate moved into "
        f"{earlier} likewise."
    )


def _day(moment: dt.datetime) -> str:
    return f"{moment:%Y-%m-%d}"
