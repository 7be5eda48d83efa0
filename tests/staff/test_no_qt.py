"""The account core and its command load no Qt: the screens are built on them later."""

from __future__ import annotations

import subprocess
import sys


def test_the_account_core_and_the_users_command_do_not_import_qt():
    code = (
        "import sys\n"
        "import intake_app.staff.manage, intake_app.staff.sign_in, intake_app.commands.users\n"
        "import intake_app.staff.first_admin\n"
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
