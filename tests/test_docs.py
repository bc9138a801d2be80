"""Every command is documented in README.md and has --help with an example."""

import re

from dedup.cli import app

from conftest import REPO, run_dedup


def test_every_command_is_documented_in_the_readme():
    readme = (REPO / "README.md").read_text()
    commands = [command.name or command.callback.__name__ for command in app.registered_commands]
    assert set(commands) >= {"index", "pairs", "clusters", "provenance", "report", "search", "runs", "stats"}
    for name in commands:
        assert re.search(rf"^### `dedup {name}\b", readme, re.M), f"README has no section for dedup {name}"
        help_text = run_dedup(name, "--help")
        assert help_text.returncode == 0 and f"Example: dedup {name}" in help_text.stdout


def test_the_quickstart_commands_in_the_readme_exist():
    readme = (REPO / "README.md").read_text()
    for script in ("scripts/quickstart.sh", "scripts/test.sh"):
        assert f"bash {script}" in readme and (REPO / script).exists()
    assert "bash scripts/test.sh" in (REPO / ".ci" / "run").read_text()
