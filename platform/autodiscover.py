from django.utils.module_loading import autodiscover_modules


def autodiscover_admin() -> None:
    """Import every installed app's admin module (registering on our two admin sites)."""
    autodiscover_modules("admin")
