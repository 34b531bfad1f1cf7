"""Where the store spec comes from: --store > $PAINKG_STORE > config file > memory."""

from __future__ import annotations

from pathlib import Path

import pytest

from painkg.errors import UsageError
from painkg.store import StoreSpec, parse_store_spec
from painkg.store.config import configured_store, find_config


@pytest.fixture
def clean_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory and XDG config home with no config file and no variable."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("PAINKG_STORE", raising=False)
    return tmp_path


def test_default_is_memory(clean_env: Path) -> None:
    assert find_config() is None
    assert parse_store_spec(None) == StoreSpec("memory")


def test_precedence(clean_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (clean_env / "painkg.toml").write_text('store = "oxigraph:stores/kg"\n')
    assert parse_store_spec(None) == StoreSpec("oxigraph", str(clean_env / "stores" / "kg")), \
        "a relative path in the config file is relative to the file"
    monkeypatch.setenv("PAINKG_STORE", "sparql:http://127.0.0.1:7878/query")
    assert parse_store_spec(None).kind == "sparql"
    assert parse_store_spec("memory") == StoreSpec("memory")


def test_xdg_config_is_used_when_no_local_file(clean_env: Path) -> None:
    xdg = clean_env / "xdg" / "painkg"
    xdg.mkdir(parents=True)
    (xdg / "config.toml").write_text('store = "oxigraph:/srv/painkg"\n')
    assert parse_store_spec(None) == StoreSpec("oxigraph", "/srv/painkg")
    (clean_env / "painkg.toml").write_text("# no store here\n")
    assert configured_store() is None
    assert parse_store_spec(None) == StoreSpec("memory"), "the local file wins, even without store"


@pytest.mark.parametrize(("text", "message"), [
    ('store = "oxigraph:\n', "not valid TOML"),
    ("store = 3\n", "'store' must be a string"),
])
def test_bad_config_is_usage_error_naming_the_file(clean_env: Path, text: str,
                                                   message: str) -> None:
    (clean_env / "painkg.toml").write_text(text)
    with pytest.raises(UsageError, match=message) as info:
        parse_store_spec(None)
    assert str(clean_env / "painkg.toml") in info.value.message


def test_bad_spec_in_config_is_usage_error(clean_env: Path) -> None:
    (clean_env / "painkg.toml").write_text('store = "postgres:x"\n')
    with pytest.raises(UsageError, match="Unknown store"):
        parse_store_spec(None)


def test_cli_reads_the_config_file(clean_env: Path, invoke) -> None:  # type: ignore[no-untyped-def]
    (clean_env / "painkg.toml").write_text('store = "oxigraph:built"\n')
    result = invoke("load")
    assert result.exit_code == 0, result.output
    assert (clean_env / "built" / "CURRENT").is_file()
