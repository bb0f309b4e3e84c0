"""The README is checked against the code: its settings table and command list stay true."""

from __future__ import annotations

import re
from pathlib import Path

import click
from click.testing import CliRunner

from kabar.cli import main
from kabar.settings import describe_settings

REPO = Path(__file__).resolve().parents[2]

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_settings_table_matches_the_settings_tree() -> None:
    documented = {
        match.group(1): (match.group(2), match.group(3))
        for match in re.finditer(
            r"^\| `([a-z_.]+)` \| `(.*?)` \| `(KABAR_[A-Z_]+)` \|", README, re.M
        )
    }
    actual = {
        name: (default, "KABAR_" + name.upper().replace(".", "__"))
        for name, default, _ in describe_settings()
    }
    assert documented == actual


def test_every_command_is_documented_and_every_documented_command_exists() -> None:
    commands = set()
    for name, command in main.commands.items():
        if isinstance(command, click.Group):
            commands |= {f"{name} {sub}" for sub in command.commands}
        else:
            commands.add(name)
    documented = set(re.findall(r"^\| `kabar ([a-z]+(?: [a-z]+)?)", README, re.M))
    assert commands == documented


def test_the_two_setup_commands_exist() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert "make demo" in README and "make test" in README
    assert re.search(r"^demo:", makefile, re.M) and re.search(r"^test:", makefile, re.M)
    assert "make test" in (REPO / ".ci" / "run").read_text(encoding="utf-8")


def test_help_runs_for_every_command() -> None:
    runner = CliRunner()
    for name in main.commands:
        assert runner.invoke(main, [name, "--help"]).exit_code == 0, name
