"""sokoguru demo — migrate, seed the demo platform, then serve it: web, Celery worker and beat."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone

from sokoguru.platform.celery import broker_description
from sokoguru.platform.core.demo import DEMO_PASSWORD, DemoContext, run_demo_seed


class Command(BaseCommand):
    help = "Run the demo platform: migrate, seed (idempotent), start web + worker + beat."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=int(os.environ.get("DEMO_PORT", 8000)))
        parser.add_argument(
            "--bind",
            default=os.environ.get("DEMO_BIND", "127.0.0.1"),
            help="Address the web server listens on (default 127.0.0.1; 0.0.0.0 for the LAN)",
        )
        parser.add_argument("--no-serve", action="store_true", help="Migrate and seed, then stop")
        parser.add_argument(
            "--check",
            action="store_true",
            help="Start everything, check the endpoints answer, then stop (exit 1 on failure)",
        )

    def handle(self, *args, **opts):
        started = time.monotonic()
        settings.DEMO_PORT = opts["port"]
        db = settings.DATABASES["default"]
        where = (
            "embedded PostgreSQL at " + db["HOST"]
            if settings.EMBEDDED_DATABASE
            else (f"PostgreSQL {db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}")
        )
        self.stdout.write(self.style.MIGRATE_HEADING(f"Database: {where}"))
        call_command("migrate", verbosity=0, interactive=False)
        self.stdout.write(self.style.MIGRATE_HEADING("Seeding the demo (idempotent)"))
        ctx = run_demo_seed(DemoContext(today=timezone.localdate(), log=self.stdout.write))
        self.stdout.write(f"Seed ready in {time.monotonic() - started:.1f} s")
        if opts["no_serve"]:
            self._print_logins(ctx, opts["port"])
            return
        self._serve(ctx, opts)

    def _print_logins(self, ctx: DemoContext, port: int) -> None:
        self.stdout.write("")
        self.stdout.write(self.style.MIGRATE_HEADING(f"Demo logins (password: {DEMO_PASSWORD})"))
        width = max(len(who) for who, _, _ in ctx.logins)
        email_w = max(len(email) for _, email, _ in ctx.logins)
        for who, email, url in ctx.logins:
            self.stdout.write(f"  {who:<{width}}  {email:<{email_w}}  {url}")
        self.stdout.write(
            "  (every cooperative has ketua.<slug>, bendahara.<slug>, kasir.<slug>, "
            "pengawas.<slug> @sokoguru.id)"
        )
        self.stdout.write("")
        self.stdout.write(self.style.MIGRATE_HEADING("URLs"))
        self.stdout.write(
            f"  Platform / federation GraphQL: http://{settings.PLATFORM_DOMAIN}:{port}/graphql/"
        )
        self.stdout.write(
            f"  Cooperative GraphQL (RW01):     http://hj-rw01.{settings.PLATFORM_DOMAIN}:{port}"
            "/graphql/"
        )

    def _serve(self, ctx: DemoContext, opts) -> None:
        port = opts["port"]
        env = {**os.environ, "SOKOGURU_DEBUG": os.environ.get("SOKOGURU_DEBUG", "1")}
        py = sys.executable
        celery = [py, "-m", "celery", "-A", "sokoguru.platform.celery"]
        procs = {
            "web": subprocess.Popen(
                [
                    py,
                    "-m",
                    "sokoguru.platform",
                    "runserver",
                    f"{opts['bind']}:{port}",
                    "--noreload",
                ],
                env=env,
            ),
            "worker": subprocess.Popen(
                [*celery, "worker", "--loglevel=WARNING", "--concurrency=2"], env=env
            ),
            "beat": subprocess.Popen(
                [
                    *celery,
                    "beat",
                    "--loglevel=WARNING",
                    f"--schedule={settings.CELERY_BEAT_SCHEDULE_FILENAME}",
                ],
                env=env,
            ),
        }
        self.stdout.write(self.style.MIGRATE_HEADING(f"Celery: {broker_description()}"))
        ok = self._wait_until_up(port)
        self._print_logins(ctx, port)
        if opts["check"]:
            ok = ok and self._check_worker()
            self._stop(procs)
            if not ok:
                raise SystemExit(1)
            self.stdout.write(self.style.SUCCESS("Demo check passed."))
            return
        self.stdout.write(self.style.SUCCESS("Sokoguru is running. Ctrl-C stops it."))
        signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
        try:
            while all(p.poll() is None for p in procs.values()):
                time.sleep(1)
            dead = [name for name, p in procs.items() if p.poll() is not None]
            self.stderr.write(f"Stopped: {', '.join(dead)} exited.")
        except KeyboardInterrupt:
            pass
        finally:
            self._stop(procs)

    def _wait_until_up(self, port: int) -> bool:
        deadline = time.monotonic() + 60
        url = f"http://127.0.0.1:{port}/healthz"
        while time.monotonic() < deadline:
            try:
                req = urllib.request.Request(url, headers={"Host": settings.PLATFORM_DOMAIN})
                with urllib.request.urlopen(req, timeout=2) as resp:  # noqa: S310
                    if resp.status == 200:
                        return True
            except OSError:
                time.sleep(0.5)
        self.stderr.write("The web server did not answer within 60 s.")
        return False

    def _check_worker(self) -> bool:
        from sokoguru.platform.core.tasks import schema_probe

        try:
            ran_in = schema_probe.apply_async(kwargs={"schema_name": "k_hj_rw01"}).get(timeout=60)
        except Exception as exc:  # printed for the operator
            self.stderr.write(f"Celery worker did not answer: {exc}")
            return False
        self.stdout.write(f"Celery worker ran a task in schema {ran_in}")
        return ran_in == "k_hj_rw01"

    @staticmethod
    def _stop(procs: dict) -> None:
        for p in procs.values():
            if p.poll() is None:
                p.terminate()
        for p in procs.values():
            try:
                p.wait(timeout=15)
            except subprocess.TimeoutExpired:
                p.kill()
