"""``riskengine assess --profile``: seconds and peak memory per stage and per rule, on stderr."""

from pathlib import Path

from click.testing import CliRunner

from riskengine.cli.assess import assess

STREET_A = Path(__file__).parent / "files" / "street_a"


def _assess(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(
        assess, [str(STREET_A), "--no-db", "--as-of", "2026-11-30", "--format", "json", *args], env=env
    )


def test_profile_lists_stages_and_rules_on_stderr():
    result = _assess("--profile", env={"RISKENGINE_LANG": "en"})
    assert result.exit_code == 0, result.output
    err = result.stderr
    assert err.count("profile: ") == 1
    stages = ("plugins and rule packs", "read data", "validate data", "rules ×", "score posts", "output")
    for stage in stages:
        assert stage in err
    assert "rules, slowest first" in err
    assert "finance.cash_over_limit" in err
    assert result.stdout.lstrip().startswith("{")  # the result itself is unchanged on stdout


def test_profile_speaks_chinese_by_default_and_is_off_without_the_flag():
    assert "性能剖析" in _assess("--profile", env={"RISKENGINE_LANG": "zh"}).stderr
    assert "性能剖析" not in _assess().stderr


def test_rules_running_at_the_same_time_are_timed_by_the_wall_clock():
    """Two rules at once: the rules stage is the wall time, and the list says the seconds overlap."""
    one = _assess("--profile", env={"RISKENGINE_LANG": "en", "RISKENGINE_WORKERS": "1"})
    two = _assess("--profile", env={"RISKENGINE_LANG": "en", "RISKENGINE_WORKERS": "2"})
    assert one.stdout == two.stdout  # the same result either way
    assert "rules, slowest first:" in one.stderr
    assert "rules ran at the same time" in two.stderr
