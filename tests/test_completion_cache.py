"""TAB reads order IDs from a small cache beside the database (speed); it must never offer stale ones."""

from __future__ import annotations

import shutil

from tests.test_completion import _values, bash_offers, orders, shell_env  # noqa: F401  (fixtures)


def test_each_write_leaves_the_ids_for_tab_beside_the_database(orders, shell_env, db_path):
    cache = db_path.parent / f".{db_path.name}.ids"
    assert cache.exists()
    assert {"1", "2", "3"} <= _values(bash_offers("aliorder show ", shell_env))


def test_a_database_copied_over_the_file_is_offered_not_the_cache(run, shell_env, db_path, tmp_path):
    other = tmp_path / "other" / "orders.json"
    for n in range(12):
        run.ok("--db", str(other), "place", f"Other shop item {n}", "--price", "1")
    run.ok("place", "Only order here", "--price", "2")
    assert _values(bash_offers("aliorder show 1", shell_env)) == {"1"}
    shutil.copyfile(other, db_path)  # a restore by hand: the cache now describes an older file
    assert _values(bash_offers("aliorder show 1", shell_env)) == {"1", "10", "11", "12"}


def test_a_garbled_cache_is_ignored(orders, shell_env, db_path):
    (db_path.parent / f".{db_path.name}.ids").write_text("aliorder-ids 1 nonsense\n9\tno\n")
    assert _values(bash_offers("aliorder show ", shell_env)) >= {"1", "2", "3"}
    assert "9" not in _values(bash_offers("aliorder show ", shell_env))
