from __future__ import annotations

import base64
import binascii

import graphene
from django.core.exceptions import ValidationError

from sokoguru.graphql.core.permissions import require_roles
from sokoguru.graphql.core.types import BaseMutation, to_errors
from sokoguru.graphql.members.roles import POST_ROLES
from sokoguru.graphql.savings.types import PayrollBatchType, PayrollRowError
from sokoguru.platform.core.errors import SokoguruError
from sokoguru.tenants.savings.payroll import PayrollImportError
from sokoguru.tenants.workflows.payroll import payroll_batch_import

MAX_FILE_BYTES = 5 * 1024 * 1024


class PayrollBatchImportInput(graphene.InputObjectType):
    period = graphene.String(required=True, description='Payroll month, "YYYY-MM"')
    filename = graphene.String(required=True, description="Ends in .csv or .xlsx")
    content_base64 = graphene.String(required=True, description="The file, base64-encoded")
    received_on = graphene.Date(description="Date the transfer arrived (default: today)")


class PayrollBatchImport(BaseMutation):
    """Import the office treasurer's payroll-deduction file. All rows are checked first; if any
    is bad nothing is posted and ``rowErrors`` lists them. The same file for the same month
    again posts nothing (``created`` false)."""

    batch = graphene.Field(PayrollBatchType)
    created = graphene.Boolean()
    row_errors = graphene.List(graphene.NonNull(PayrollRowError), required=True)

    class Arguments:
        input = PayrollBatchImportInput(required=True)

    @classmethod
    def perform(cls, root, info, input):
        user = require_roles(info, POST_ROLES)
        try:
            content = base64.b64decode(input.content_base64 or "", validate=True)
        except (binascii.Error, ValueError):
            raise ValidationError({"content_base64": "Isi berkas bukan base64. / Not base64."})
        if len(content) > MAX_FILE_BYTES:
            raise ValidationError({"content_base64": "Berkas lebih dari 5 MB. / File too big."})
        result = payroll_batch_import(
            period=input.period,
            filename=input.filename,
            content=content,
            received_on=input.received_on,
            created_by_id=user.pk,
        )
        return {"batch": result.batch, "created": result.created, "row_errors": []}

    @classmethod
    def mutate(cls, root, info, **data):
        try:
            payload = cls.perform(root, info, **data)
        except PayrollImportError as exc:
            rows = [
                PayrollRowError(row=e.row, column=e.column, message=e.message)
                for e in exc.row_errors
            ]
            return cls(errors=to_errors(exc), row_errors=rows, created=False)
        except (SokoguruError, ValidationError) as exc:
            return cls(errors=to_errors(exc), row_errors=[], created=False)
        return cls(errors=[], **payload)
