"""The room a seal reserves for its signature: sized by a trial signature once per signer."""

from __future__ import annotations

import pytest
from pyhanko.sign.signers.pdf_signer import PdfSigningSession

from intake_app.chart import seal
from intake_app.chart.seal import ensure_clinic_keys, seal_pdf, verify_pdf
from tests.chart.test_seal import tiny_pdf


@pytest.fixture
def trial_signatures(monkeypatch):
    """How many times pyHanko sized a signature's room with a trial signature."""
    made = []
    sized = PdfSigningSession.estimate_signature_container_size

    async def counted(self, *args, **kwargs):
        made.append(1)
        return await sized(self, *args, **kwargs)

    monkeypatch.setattr(PdfSigningSession, "estimate_signature_container_size", counted)
    monkeypatch.setattr(seal, "_ROOM", {}, raising=False)
    return made


def test_a_clinic_key_sizes_its_signature_once_and_every_seal_is_valid(tmp_path, trial_signatures):
    keys = ensure_clinic_keys(tmp_path / "keys", "Riverside")
    other = ensure_clinic_keys(tmp_path / "other", "Hillside Clinic of a much longer name")
    sealed = [seal_pdf(tiny_pdf(), k, reason="Chart record") for k in (keys, keys, other, keys)]
    assert len(trial_signatures) == 2, "once for each key"
    for data, key in zip(sealed, (keys, keys, other, keys), strict=True):
        assert verify_pdf(data, key.cert_file).valid


def test_a_signature_too_large_for_the_room_kept_is_sized_again(tmp_path, trial_signatures):
    keys = ensure_clinic_keys(tmp_path / "keys", "Riverside")
    seal_pdf(tiny_pdf(), keys, reason="Chart record")
    [signer] = seal._ROOM
    seal._ROOM[signer] = 64  # hex digits: far too few for any signature
    data = seal_pdf(tiny_pdf(), keys, reason="Chart record")
    assert verify_pdf(data, keys.cert_file).valid
    assert len(trial_signatures) == 2
    assert seal._ROOM[signer] > 64
