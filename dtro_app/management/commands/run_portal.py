"""Run the whole portal on one machine: web server, Celery worker and Celery beat.

`make run` calls this after installing. It migrates, creates the demo data (printing the
logins), starts the three processes and stops them all on Ctrl-C. Running it twice is
harmless: migrations and demo data are idempotent.

The port is `--port`, else the PORT environment variable, else 8000 (`make run PORT=8001`).
A port already in use stops it at once, before anything else, with a hint to pick another.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

DEFAULT_PORT = 8000


class Command(BaseCommand):
    help = "Run the web server, a Celery worker and Celery beat together (Ctrl-C stops all)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument(
            "--port",
            type=int,
            default=int(os.environ.get("PORT") or DEFAULT_PORT),
            help="Port for the web server (default: the PORT environment variable, else 8000).",
        )
        parser.add_argument("--concurrency", type=int, default=2)

    def handle(self, *args: Any, **options: Any) -> None:
        host, port = options["host"], options["port"]
        if not port_is_free(host, port):
            free = next((p for p in range(port + 1, port + 50) if port_is_free(host, p)), None)
            hint = (
                f"; try `make run PORT={free}`"
                if free
                else "; choose another with `make run PORT=...`"
            )
            raise CommandError(f"Port {port} is in use on {host}{hint}")
        call_command("migrate", interactive=False, verbosity=0)
        call_command("seed_demo")
        address = f"{options['host']}:{options['port']}"
        base_url = f"http://{address}"
        # The demo TRAs publish to the sandbox mounted in this same server.
        call_command("setup_demo_services", base_url=base_url)
        call_command("setup_street_manager_demo", base_url=base_url)
        python = sys.executable
        commands = {
            "web": [python, "manage.py", "runserver", address, "--noreload"],
            "worker": [
                python,
                "-m",
                "celery",
                "-A",
                "portal",
                "worker",
                "--loglevel",
                "INFO",
                "--concurrency",
                str(options["concurrency"]),
                "--without-gossip",
                "--without-mingle",
            ],
            "beat": [
                python,
                "-m",
                "celery",
                "-A",
                "portal",
                "beat",
                "--loglevel",
                "INFO",
                "--schedule",
                settings.CELERY_BEAT_SCHEDULE_FILENAME,
            ],
        }
        # Ctrl-C and SIGTERM (docker, systemd) both stop everything. Restore the default
        # SIGINT handler: a parent started without job control may have ignored it.
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, _raise_keyboard_interrupt)
        processes: dict[str, subprocess.Popen[bytes]] = {}
        for name, command in commands.items():
            processes[name] = subprocess.Popen(
                command, cwd=settings.BASE_DIR, start_new_session=True
            )
        failed = False
        try:
            # Say it runs only once the web server answers (something may have taken the port
            # since the check above).
            if not _wait_until_listening(host, port, processes["web"]):
                raise CommandError(
                    f"The web server did not start on {address} (is port {port} in use? "
                    f"try `make run PORT={port + 1}`)"
                )
            self.stdout.write(
                self.style.SUCCESS(
                    f"\nThe portal is running at {base_url}/ (sign in at "
                    f"{base_url}/accounts/login/). Press Ctrl-C to stop."
                )
            )
            while all(process.poll() is None for process in processes.values()):
                time.sleep(0.5)
            stopped = [name for name, process in processes.items() if process.poll() is not None]
            self.stderr.write(f"{', '.join(stopped)} stopped unexpectedly; stopping the rest.")
            failed = True
        except KeyboardInterrupt:
            self.stdout.write("\nStopping…")
        finally:
            _stop_all(processes)
        if failed:
            raise SystemExit(1)


def port_is_free(host: str, port: int) -> bool:
    """Whether the web server could listen on host:port now. SO_REUSEADDR as runserver sets
    it, so only a listening process makes the port busy (not connections closing)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def _wait_until_listening(
    host: str, port: int, web: subprocess.Popen[bytes], timeout: float = 60
) -> bool:
    """True once host:port accepts connections; False if the web server exits first."""
    target = "127.0.0.1" if host in {"0.0.0.0", ""} else "::1" if host == "::" else host  # noqa: S104
    deadline = time.monotonic() + timeout
    while web.poll() is None and time.monotonic() < deadline:
        try:
            with socket.create_connection((target, port), timeout=1):
                return True
        except OSError:
            time.sleep(0.2)
    return web.poll() is None


def _raise_keyboard_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _stop_all(processes: dict[str, subprocess.Popen[bytes]]) -> None:
    # SIGTERM to each main process: Celery then shuts its pool down cleanly.
    for process in processes.values():
        if process.poll() is None:
            process.terminate()
    deadline = time.monotonic() + 10
    for process in processes.values():
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
