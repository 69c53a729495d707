"""Admin forms over services: a service's error on a field the form does not show is a sentence,
never prefixed with the field's code name (``Approved_by_id: …``)."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from sokoguru.platform.core.admin import ServiceForm
from sokoguru.platform.tenancy.models import Region


class _RefusingForm(ServiceForm):
    class Meta:
        model = Region
        fields = []

    def perform(self, data):
        raise ValidationError(
            {"approved_by_id": "Pinjaman harus disetujui oleh pengurus lain, bukan pembuatnya."}
        )


def test_a_service_error_on_a_hidden_field_is_a_plain_sentence():
    # when the service refuses on a field the form does not have
    form = _RefusingForm(data={})
    # then the form is invalid and the message carries no field name
    assert not form.is_valid()
    assert form.non_field_errors() == [
        "Pinjaman harus disetujui oleh pengurus lain, bukan pembuatnya."
    ]
