"""Native backends are used only when installed and not turned off by ETL_NATIVE=0."""

from __future__ import annotations

import pytest

from etl.native import native_enabled


@pytest.mark.parametrize(
    ("value", "allowed"),
    [
        pytest.param(None, True, id="unset"),
        pytest.param("1", True, id="on"),
        pytest.param("0", False, id="off"),
        pytest.param(" 0 ", False, id="off-with-spaces"),
    ],
)
def test_env_switch(monkeypatch: pytest.MonkeyPatch, value: str | None, allowed: bool) -> None:
    if value is None:
        monkeypatch.delenv("ETL_NATIVE", raising=False)
    else:
        monkeypatch.setenv("ETL_NATIVE", value)
    assert native_enabled() is allowed
    assert native_enabled("json") is allowed  # an importable module


def test_missing_module_is_not_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ETL_NATIVE", raising=False)
    assert not native_enabled("no_such_module_for_etl")
