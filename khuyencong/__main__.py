"""The `khuyencong` command: a thin wrapper over manage.py (every Django command works through it)."""

import os
import sys


def main(argv=None):
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "khuyencong.settings")
    if len(argv) > 1 and argv[1] == "demo":
        # The demo is a development server on SQLite with demo data: it needs DEBUG.
        os.environ.setdefault("DEBUG", "1")
    from django.core.management import execute_from_command_line

    argv[0] = "khuyencong"
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
