"""aliorder.tuples.Record: what the domain's records rely on, as typing.NamedTuple gave it."""

import pickle
from datetime import datetime, timezone

import pytest

from aliorder.domain import Order
from aliorder.tuples import Record


class Parcel(Record):
    """A test record: two required fields, two with defaults, a property and a class attribute."""

    kind = "parcel"

    tracking: str
    weight: float
    carrier: str | None = None
    pieces: int = 1

    @property
    def heavy(self) -> bool:
        return self.weight > 2


class Empty(Record):
    verb = "nothing"


def test_fields_by_name_and_position_with_defaults():
    parcel = Parcel("LP1", 2.5)
    assert (parcel.tracking, parcel.weight, parcel.carrier, parcel.pieces) == ("LP1", 2.5, None, 1)
    assert parcel == ("LP1", 2.5, None, 1) and parcel[1] == 2.5 and len(parcel) == 4
    assert Parcel(weight=1, tracking="LP2", pieces=3) == ("LP2", 1, None, 3)
    assert Parcel("LP3", 1, "Cainiao", 2).carrier == "Cainiao"
    assert Parcel._fields == ("tracking", "weight", "carrier", "pieces")
    assert Parcel._field_defaults == {"carrier": None, "pieces": 1}
    assert parcel.heavy and Parcel.kind == "parcel" and parcel.kind == "parcel"
    assert Empty() == () and Empty().verb == "nothing"


def _fresh() -> type:
    class Box(Record):
        tracking: str
        weight: float
        carrier: str | None = None
        pieces: int = 1

    return Box


@pytest.mark.parametrize("built", [0, Record.COMPILED_AFTER + 1], ids=["bound", "compiled"])
def test_calls_bind_as_a_function_call_binds_before_and_after_the_constructor_is_compiled(built):
    box = _fresh()
    for _ in range(built):
        box("LP0", 1, pieces=2)
    assert ("__new__" in vars(box)) == bool(built)  # compiled only for a class built many times
    assert box("LP1", 2.5) == ("LP1", 2.5, None, 1)
    assert box(weight=1, tracking="LP2", pieces=3) == ("LP2", 1, None, 3)
    assert box("LP3", 1, carrier="Cainiao") == ("LP3", 1, "Cainiao", 1)
    assert type(box("LP1", 2.5)) is box
    with pytest.raises(TypeError, match="weight"):
        box("LP1")
    with pytest.raises(TypeError, match="colour"):
        box("LP1", 1, colour="red")
    with pytest.raises(TypeError, match="colour"):
        box("LP1", 1, pieces=2, colour="red")
    with pytest.raises(TypeError, match="were given"):
        box("LP1", 1, None, 1, "one too many")
    with pytest.raises(TypeError, match="multiple values for argument 'tracking'"):
        box("LP1", 1, tracking="LP2")
    with pytest.raises(TypeError):
        Empty(1)


def test_immutable_and_changed_by_replace():
    parcel = Parcel("LP1", 2.5)
    with pytest.raises(AttributeError):
        parcel.weight = 3  # type: ignore[misc]
    with pytest.raises(AttributeError):
        parcel.colour = "red"  # type: ignore[attr-defined]
    changed = parcel._replace(weight=1.0, pieces=2)
    assert changed == ("LP1", 1.0, None, 2) and type(changed) is Parcel and parcel.weight == 2.5
    with pytest.raises(ValueError, match="colour"):
        parcel._replace(colour="red")


def test_repr_dict_make_hash_and_pickle():
    parcel = Parcel("LP1", 2.5, pieces=2)
    assert repr(parcel) == "Parcel(tracking='LP1', weight=2.5, carrier=None, pieces=2)"
    assert parcel._asdict() == {"tracking": "LP1", "weight": 2.5, "carrier": None, "pieces": 2}
    assert Parcel._make(["LP1", 2.5, None, 2]) == parcel
    with pytest.raises(TypeError):
        Parcel._make(["LP1"])
    assert hash(parcel) == hash(("LP1", 2.5, None, 2)) and {parcel: 1}[Parcel("LP1", 2.5, None, 2)] == 1
    back = pickle.loads(pickle.dumps(parcel))
    assert back == parcel and type(back) is Parcel
    match parcel:
        case Parcel(tracking, weight):
            assert (tracking, weight) == ("LP1", 2.5)
        case _:
            pytest.fail("a record matches by position")


def test_a_required_field_after_one_with_a_default_is_refused_at_definition():
    with pytest.raises(TypeError, match="without a default"):
        class Wrong(Record):
            a: int = 1
            b: int


def test_the_domain_order_is_a_record_changed_by_replace():
    at = datetime(2027, 3, 1, tzinfo=timezone.utc)
    order = Order(id=1, item="Desk lamp", price=12, currency="USD", placed_at=at)
    assert order.qty == 1 and order.events == () and order.label == "Order 1"
    paid = order._replace(paid_at=at)
    assert paid.paid_at == at and order.paid_at is None and paid.item == "Desk lamp"


def test_a_class_made_from_a_record_class_keeps_its_fields_and_adds_none():
    class Labelled(Parcel):
        @property
        def label(self) -> str:
            return f"{self.tracking} ({self.weight} kg)"

    labelled = Labelled("LP1", 2.5)
    assert labelled.label == "LP1 (2.5 kg)" and labelled.pieces == 1 and Labelled._fields == Parcel._fields
    assert labelled._replace(weight=1).label == "LP1 (1 kg)"
    with pytest.raises(AttributeError):
        labelled.colour = "red"  # type: ignore[attr-defined]
    with pytest.raises(TypeError, match="cannot add fields"):
        class Wider(Parcel):
            colour: str = "red"
