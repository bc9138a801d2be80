"""The cron line and systemd units that README tells users to install are valid."""

import re
import shutil
import subprocess

import pytest

from conftest import REPO

DEPLOY = REPO / "deploy"


def test_the_cron_line_has_five_time_fields_and_runs_the_scheduled_script():
    lines = [line for line in (DEPLOY / "dedup.cron").read_text().splitlines() if line and not line.startswith("#")]
    assert len(lines) == 1
    minute, hour, day, month, weekday, *command = lines[0].split()
    for field, top in ((minute, 59), (hour, 23), (day, 31), (month, 12), (weekday, 7)):
        assert field == "*" or (re.fullmatch(r"\d+", field) and int(field) <= top)
    assert any(word.endswith("/scripts/scheduled-index.sh") for word in command)
    assert (REPO / "scripts" / "scheduled-index.sh").stat().st_mode & 0o111


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
def test_the_systemd_units_verify(tmp_path):
    for name in ("dedup-index.service", "dedup-index.timer"):
        text = (DEPLOY / name).read_text().replace("/opt/dedup", str(REPO))
        (tmp_path / name).write_text(text)
    result = subprocess.run(["systemd-analyze", "verify", "--man=no", str(tmp_path / "dedup-index.service"),
                             str(tmp_path / "dedup-index.timer")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert not [line for line in result.stderr.splitlines() if "dedup-index" in line], result.stderr


def test_the_scheduled_script_indexes_and_reports(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.txt").write_text("The ministry confirmed the new figures on Monday morning.")
    result = subprocess.run([str(REPO / "scripts" / "scheduled-index.sh"), str(inbox)], capture_output=True,
                            text=True, env={"PATH": "/usr/bin:/bin", "DEDUP_STORE": str(tmp_path / "store")})
    assert result.returncode == 0, result.stderr
    assert "1 added" in result.stdout and (tmp_path / "store" / "dedup.sqlite").exists()
