from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from dtro_app.demo import create_demo_data


class Command(BaseCommand):
    help = "Create the demo TRAs and users (safe to run repeatedly) and print their logins."

    def handle(self, *args: Any, **options: Any) -> None:
        logins = create_demo_data()
        self.stdout.write(self.style.SUCCESS("Demo logins (local use only):"))
        for login in logins:
            self.stdout.write(
                f"  {login.role:<11} {login.email:<26} password: {login.password}"
                f"   TRA {login.authority.code} {login.authority.name}"
            )
