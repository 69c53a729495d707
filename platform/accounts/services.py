from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from sokoguru.platform.accounts.models import CooperativeRole, User
from sokoguru.platform.tenancy.models import Cooperative


@transaction.atomic
def user_create(*, email: str, password: str, full_name: str = "", is_staff: bool = False) -> User:
    email = (email or "").strip().lower()
    if User.objects.filter(email=email).exists():
        raise ValidationError({"email": "Email sudah terdaftar."})
    user = User(email=email, full_name=full_name, is_staff=is_staff)
    user.set_password(password)
    user.full_clean()
    user.save()
    return user


@transaction.atomic
def cooperative_role_grant(*, user: User, cooperative: Cooperative, role: str) -> CooperativeRole:
    grant, _ = CooperativeRole.objects.get_or_create(user=user, cooperative=cooperative, role=role)
    grant.full_clean()
    return grant
