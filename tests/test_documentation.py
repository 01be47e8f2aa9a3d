"""What an operator reads is true: every setting reol reads from the environment is in the
README's settings section, every name there is read somewhere, and `reol --help` shows reol's own
commands first, grouped by what they are for."""

import re
import subprocess
import sys
from pathlib import Path

from reol.overview import GROUPS, own_commands

ROOT = Path(__file__).resolve().parent.parent
NAME = re.compile(r"\bREOL_[A-Z0-9_]+\b")


def settings_section() -> str:
    readme = (ROOT / "README.md").read_text()
    return readme.split("\n## Settings\n", 1)[1].split("\n## ", 1)[0]


def read_in_code() -> set[str]:
    return {name for path in ROOT.glob("reol/**/*.py") for name in NAME.findall(path.read_text())}


def test_every_setting_read_in_code_is_documented():
    missing = read_in_code() - set(NAME.findall(settings_section()))
    assert not missing, f"read in reol/ but not in README's Settings section: {sorted(missing)}"


def test_every_documented_setting_is_read():
    stale = set(NAME.findall(settings_section())) - read_in_code()
    assert not stale, f"in README's Settings section but read nowhere in reol/: {sorted(stale)}"


def test_reol_help_lists_reols_own_commands_first_each_in_its_group():
    shown = subprocess.run([sys.executable, "-m", "reol", "--help"], capture_output=True,
                           text=True, check=True, cwd=ROOT).stdout
    ours, _, django = shown.partition("Django's commands")
    assert set(own_commands()) <= set(re.findall(r"^  (\w+) ", ours, re.M))
    assert "migrate" in django and "\n  migrate " not in ours
    grouped = {name for names in GROUPS.values() for name in names}
    assert set(own_commands()) <= grouped, "a new reol command needs a group in reol/overview.py"
