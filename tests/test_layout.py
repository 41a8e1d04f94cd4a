"""The file's layout: one TinyDB JSON document, one order per line, read a line at a time."""

from __future__ import annotations

import json
import os

import orjson
import pytest

from tests.conftest import T0, days, hours

META = b'{"meta":{"1":{"schema_version":1}},"orders":{\n'


def _header(line: bytes) -> bool:
    """The first line of the layout: the small tables (schema version, undo journal), then the orders' key."""
    return line.startswith(b'{"meta":{"1":{"schema_version":1') and line.endswith(b',"orders":{') \
        and b"\n" not in line


def _orders(run, n: int) -> None:
    for i in range(1, n + 1):
        run.ok("place", f"Item {i}", "--price", "1.00", "--order-no", f"81700{i}", at=T0 + hours(i))


def test_the_file_holds_one_order_per_line_between_a_header_and_a_closing_line(run, db_path):
    _orders(run, 3)
    lines = db_path.read_bytes().split(b"\n")
    # The header: the small tables (the schema version, the undo journal), then the orders' key.
    assert lines[0].startswith(b'{"meta":{"1":{"schema_version":1') and lines[0].endswith(b',"orders":{')
    assert set(json.loads(lines[0][:-len(b',"orders":{')] + b"}")) == {"meta", "journal"}
    assert [line.split(b":", 1)[0] for line in lines[1:4]] == [b'"1"', b'"2"', b'"3"']
    assert [line.endswith(b"},") for line in lines[1:4]] == [True, True, False]
    assert lines[4:] == [b"}}", b""]
    data = json.loads(db_path.read_bytes())  # still one JSON document, in TinyDB's layout
    assert [order["item"] for order in data["orders"].values()] == ["Item 1", "Item 2", "Item 3"]


def test_a_write_rewrites_only_the_line_of_the_order_it_changes(run, db_path):
    _orders(run, 3)
    # A key this version does not know, in a line the next write leaves alone: kept byte for byte.
    raw = db_path.read_bytes().replace(b'"item":"Item 3"', b'"item":"Item 3","note":  "by hand"')
    db_path.write_bytes(raw)
    run.ok("pay", "2", at=T0 + days(1))
    before, after = raw.split(b"\n"), db_path.read_bytes().split(b"\n")
    # The header changes too: it holds the undo journal, which gained the pay's step.
    assert [b == a for b, a in zip(before, after)] == [False, True, False, True, True, True]
    assert b'"note":  "by hand"' in after[3]
    assert run.ok("show", "2", "--json").json()["status"] == "awaiting_shipment"


def test_a_file_in_the_earlier_one_line_layout_is_read_and_rewritten_one_order_a_line(run, db_path):
    _orders(run, 3)
    data = json.loads(db_path.read_bytes())
    data["orders"]["2"]["kept"] = "a key this version does not know"
    db_path.write_bytes(orjson.dumps({"orders": data["orders"], "meta": data["meta"]}))  # as 0.x wrote it
    assert [o["item"] for o in run.ok("list", "--json").json()] == ["Item 3", "Item 2", "Item 1"]
    assert run.ok("show", "817002").stdout == run.ok("show", "2").stdout
    run.ok("pay", "1", at=T0 + days(1))
    lines = db_path.read_bytes().split(b"\n")
    assert _header(lines[0]) and len(lines) == 6
    rewritten = json.loads(db_path.read_bytes())
    assert rewritten["orders"]["2"] == data["orders"]["2"]
    assert rewritten["orders"]["1"]["status"] == "awaiting_shipment"
    # And the buyer's TAB offers every order again, from the cache written with the file.
    assert db_path.with_name(".orders.json.ids").read_text().count("\n") == 4


def test_a_reformatted_file_is_still_read_as_json(run, db_path):
    _orders(run, 2)
    db_path.write_text(json.dumps(json.loads(db_path.read_bytes()), indent=4))
    assert run.ok("show", "2", "--json").json()["item"] == "Item 2"
    run.ok("pay", "2", at=T0 + days(1))
    assert _header(db_path.read_bytes().split(b"\n")[0])


def _good() -> bytes:
    order = {"item": "Lamp", "price": "1.00", "currency": "USD", "status": "awaiting_payment",
             "placed_at": "2027-03-01T10:00:00+00:00", "events": [{"at": "2027-03-01T10:00:00+00:00", "kind": "placed"}]}
    lines = [b'"%d":' % n + orjson.dumps({**order, "item": f"Lamp {n}"}) for n in (1, 2, 3)]
    return META + b",\n".join(lines) + b"\n}}\n"


GOOD = _good()
BROKEN_LINES = {
    "garbage in one order's line": GOOD.replace(b'"item":"Lamp 2"', b'"item":"Lamp 2\xff\x00'),
    "an order's line cut short": GOOD.replace(b'"Lamp 2"', b'"Lamp 2'),
    "an order that is a list": GOOD.replace(GOOD.split(b"\n")[2], b'"2":[1,2],'),
    "an order that is a number": GOOD.replace(GOOD.split(b"\n")[2], b'"2":3,'),
    "a line without its comma": GOOD.replace(b"},\n\"2\"", b"}\n\"2\""),
    "a comma after the last line": GOOD.replace(b"}\n}}\n", b"},\n}}\n"),
    "an id that is not a number": GOOD.replace(b'\n"2":', b'\n"two":'),
    "no closing line": GOOD[:-3],
    "cut in the middle": GOOD[: len(GOOD) // 2],
    "NUL-padded after the closing line": GOOD + b"\0" * 4096,
    "a header that is not JSON": GOOD.replace(b'{"meta":{"1"', b'{"meta":{1'),
    "a newer schema in the header": GOOD.replace(b'"schema_version":1', b'"schema_version":99'),
    "no schema version in the header": GOOD.replace(b'{"meta":{"1":{"schema_version":1}},', b"{"),
    "a line in Latin-1": GOOD.replace(b'"Lamp 3"', "\"Caf\u00e9\"".encode("latin-1")),
}
READS = [("list",), ("list", "--json"), ("show", "1"), ("deadlines",), ("sellers",)]
WRITES = [("place", "Cable", "--price", "3.50"), ("pay", "1"), ("tick",)]


def _plant(db_path, content: bytes) -> None:
    db_path.parent.mkdir(parents=True, exist_ok=True)
    db_path.write_bytes(content)
    os.utime(db_path, ns=(1_700_000_000_000_000_000, 1_700_000_000_000_000_000))


def test_the_good_file_these_are_made_from_is_read(run, db_path):
    _plant(db_path, GOOD)
    assert [o["item"] for o in run.ok("list", "--json").json()] == ["Lamp 3", "Lamp 2", "Lamp 1"]


@pytest.mark.parametrize("command", READS + WRITES, ids=" ".join)
@pytest.mark.parametrize("kind", list(BROKEN_LINES))
def test_a_broken_line_stops_every_command_and_the_file_is_never_touched(run, db_path, kind, command):
    content = BROKEN_LINES[kind]
    _plant(db_path, content)
    ran = run(*command, at=T0 + days(1))
    assert ran.exit_code == 3, (ran.stdout, ran.stderr)
    assert str(db_path) in ran.stderr and "untouched" in ran.stderr
    assert "Traceback" not in ran.stderr + ran.stdout
    assert ran.stdout == ""
    assert db_path.read_bytes() == content
    assert db_path.stat().st_mtime_ns == 1_700_000_000_000_000_000


def test_a_broken_line_names_its_order(run, db_path):
    _plant(db_path, BROKEN_LINES["an order's line cut short"])
    ran = run("show", "1")
    assert ran.exit_code == 3
    assert f"The database {db_path} is not valid JSON in the line of order 2" in ran.stderr


# --- TinyDB reads it, and works over aliorder's own storage ----------------------------


def test_stock_tinydb_reads_the_file(run, db_path):
    from tinydb import Query, TinyDB

    _orders(run, 3)
    with TinyDB(db_path, access_mode="r") as db:
        assert set(db.tables()) == {"meta", "journal", "orders"}
        orders = db.table("orders")
        assert len(orders) == 3
        assert orders.get(doc_id=2)["item"] == "Item 2"
        assert orders.search(Query().order_no == "817003")[0].doc_id == 3


def test_tinydb_over_aliorders_storage_queries_and_writes_the_same_file(run, db_path):
    from tinydb import Query, TinyDB
    from tinydb.storages import Storage

    from aliorder.storage import TinyDBStorage
    from tests.memory_file import MemoryFile

    assert issubclass(TinyDBStorage, Storage) and issubclass(MemoryFile, Storage)
    _orders(run, 3)
    with TinyDB(db_path, storage=TinyDBStorage) as db:
        orders = db.table("orders")
        assert [doc.doc_id for doc in orders.search(Query().item.matches("Item [23]"))] == [2, 3]
        orders.update({"seller": "Shop B"}, doc_ids=[3])
    assert _header(db_path.read_bytes().split(b"\n")[0])  # written by aliorder's storage: locked, atomic
    assert run.ok("show", "3", "--json").json()["seller"] == "Shop B"
    assert db_path.with_name("orders.json.1").exists()  # and the file it replaced was kept

    with TinyDB(storage=MemoryFile) as memory:
        memory.table("orders").insert({"item": "Mug"})
        assert memory.table("orders").search(Query().item == "Mug")[0].doc_id == 1


def test_list_json_prints_nothing_when_any_order_is_in_a_shape_aliorder_cannot_read(run, db_path):
    # It prints one order at a time, newest first, so it must find the bad one before the first.
    _plant(db_path, GOOD.replace(b'"item":"Lamp 1","price":"1.00"', b'"item":"Lamp 1","price":"x"'))
    ran = run("list", "--json")
    assert ran.exit_code == 3, ran.stdout
    assert f"The database {db_path} holds order 1 in a shape aliorder cannot read" \
           " (an amount that is not a number); it was left untouched." in ran.stderr
    assert ran.stdout == ""
