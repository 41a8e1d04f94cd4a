"""A command that looks, asks the buyer, then acts reads the database once, unless it changed meanwhile."""

from decimal import Decimal

from aliorder import idcache, services
from aliorder.domain import Pay
from aliorder.services import App, FixedClock
from aliorder.storage import Database, DatabaseFile

from .conftest import T0


def app_on(path) -> App:
    return App(Database(DatabaseFile(path)), FixedClock(T0))


def test_an_order_placed_elsewhere_between_the_look_and_the_act_is_kept(tmp_path):
    path = tmp_path / "orders.json"
    buyer = app_on(path)
    services.place(buyer, item="Lamp", price=Decimal("5"), currency="USD")
    services.rehearse(buyer, "1", Pay(None))                       # the look, then the buyer thinks
    services.place(app_on(path), item="Cable", price=Decimal("2"), currency="USD")  # cron, another shell
    services.act(buyer, "1", Pay(None))
    orders = {o.order.item: o.order.status for o in services.list_orders(app_on(path))}
    assert orders == {"Lamp": "awaiting_shipment", "Cable": "awaiting_payment"}


def test_an_unchanged_file_is_not_read_again_and_the_act_is_written_whole(tmp_path):
    path = tmp_path / "orders.json"
    buyer = app_on(path)
    for item in ("Lamp", "Cable", "Plug"):
        services.place(buyer, item=item, price=Decimal("5"), currency="USD")
    looked = buyer.db.snapshot(then_act=True).stored
    with buyer.db.transaction() as repo:
        assert repo.stored is looked                                  # no second read
    services.act(buyer, "2", Pay(None))
    orders = {o.order.item: o.order.status for o in services.list_orders(app_on(path))}
    assert orders == {"Lamp": "awaiting_payment", "Cable": "awaiting_shipment", "Plug": "awaiting_payment"}


def test_after_a_look_then_an_act_the_id_cache_names_every_order(tmp_path):
    path = tmp_path / "orders.json"
    buyer = app_on(path)
    for item in ("Lamp", "Cable", "Plug"):
        services.place(buyer, item=item, price=Decimal("5"), currency="USD")
    services.rehearse(buyer, "3", Pay(None))
    services.act(buyer, "3", Pay(None))
    assert idcache.read(path) == "1\t\tLamp\n2\t\tCable\n3\t\tPlug\n"
