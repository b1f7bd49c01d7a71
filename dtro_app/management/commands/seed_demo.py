from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from dtro_app.demo import create_demo_data, create_demo_dtros


class Command(BaseCommand):
    help = (
        "Create the demo TRAs, users and a few D-TROs (safe to run repeatedly) and print "
        "the logins."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        logins = create_demo_data()
        if made := create_demo_dtros():
            self.stdout.write(f"Created {made} demo D-TROs for TRA {logins[0].authority.code}")
        self.stdout.write(self.style.SUCCESS("Demo logins (local use only):"))
        for login in logins:
            self.stdout.write(
                f"  {login.role:<11} {login.email:<26} password: {login.password}"
                f"   TRA {login.authority.code} {login.authority.name}"
            )
