"""One login for the whole platform: users and their roles per cooperative (public schema)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("email is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("email"), unique=True)
    full_name = models.CharField(_("nama lengkap"), max_length=150, blank=True)
    phone = models.CharField(_("telepon"), max_length=20, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    # Platform staff: may use the Django admin of the platform host and provision cooperatives.
    is_staff = models.BooleanField(_("staf platform"), default=False)
    date_joined = models.DateTimeField(_("bergabung"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = pgettext_lazy("jamak", "pengguna")

    def __str__(self) -> str:
        return self.full_name or self.email


class CooperativeRole(models.Model):
    """A user's role in one cooperative; a request to a cooperative's host needs one."""

    class Role(models.TextChoices):
        KETUA = "ketua", _("Ketua (pengurus)")
        SEKRETARIS = "sekretaris", _("Sekretaris (pengurus)")
        BENDAHARA = "bendahara", _("Bendahara (pengurus)")
        PENGAWAS = "pengawas", _("Pengawas")
        KASIR = "kasir", _("Kasir")
        ANGGOTA = "anggota", _("Anggota")

    user = models.ForeignKey(
        User, verbose_name=_("pengguna"), on_delete=models.CASCADE, related_name="cooperative_roles"
    )
    cooperative = models.ForeignKey(
        "tenancy.Cooperative",
        verbose_name=_("koperasi"),
        on_delete=models.CASCADE,
        related_name="user_roles",
    )
    role = models.CharField(_("peran"), max_length=20, choices=Role.choices)
    granted_at = models.DateTimeField(_("diberikan"), auto_now_add=True)

    class Meta:
        verbose_name = _("peran di koperasi")
        verbose_name_plural = pgettext_lazy("jamak", "peran di koperasi")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "cooperative", "role"], name="cooperative_role_unique"
            )
        ]
        indexes = [models.Index(fields=["cooperative", "user"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.cooperative}"


# Officers who may use the cooperative's Django admin.
ADMIN_ROLES = frozenset(
    {
        CooperativeRole.Role.KETUA,
        CooperativeRole.Role.SEKRETARIS,
        CooperativeRole.Role.BENDAHARA,
        CooperativeRole.Role.PENGAWAS,
        CooperativeRole.Role.KASIR,
    }
)


class ApiToken(models.Model):
    """A bearer token for an API client: one user on one host (schema), stored only as a
    SHA-256 hash, revocable. Created by POST /api/token/ (see README, "API clients")."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    schema_name = models.CharField(max_length=63)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=12, help_text="First characters, to recognise a token")
    name = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "token API"
        indexes = [models.Index(fields=["user", "schema_name"])]

    def __str__(self) -> str:
        return f"{self.prefix}… · {self.user} · {self.schema_name}"


class LoginFailure(models.Model):
    """A failed login (dashboard, admin, API token): the throttle counts these per account and
    per address (platform/accounts/throttle.py)."""

    username = models.CharField(max_length=254, db_index=True)
    address = models.GenericIPAddressField(null=True, blank=True, db_index=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "gagal masuk"

    def __str__(self) -> str:
        return f"{self.username} · {self.address} · {self.at:%Y-%m-%d %H:%M}"
