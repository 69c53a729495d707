"""The ``sokoguru`` command: Django's management commands plus Sokoguru's own
(``demo``, ``tenant``, ``regions``, ``graphql_sdl``, ``bench``, ...)."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sokoguru.platform.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv[1:] if argv is None else argv)
    execute_from_command_line(["sokoguru", *args])


if __name__ == "__main__":
    main()
