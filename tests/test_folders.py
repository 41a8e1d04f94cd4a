"""The default folders, found on Linux without importing platformdirs (a few ms of every
command), are the ones platformdirs gives."""

from __future__ import annotations

import sys

import pytest
from platformdirs import user_config_path, user_data_path

from aliorder import paths, settings


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the XDG rule is Linux's")
@pytest.mark.parametrize("env", [{}, {"XDG_DATA_HOME": "/x/data", "XDG_CONFIG_HOME": "/x/config"},
                                 {"XDG_DATA_HOME": " ", "XDG_CONFIG_HOME": ""}])
def test_default_folders_are_platformdirs(monkeypatch, env):
    for name in ("ALIORDER_DB", "ALIORDER_CONFIG", "XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert paths.database_path(None) == user_data_path("aliorder", appauthor=False) / "orders.json"
    assert settings.config_path() == user_config_path("aliorder", appauthor=False) / "config.toml"
