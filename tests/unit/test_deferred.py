import threading
from typing import Any

import pytest

from kiosk.services.deferred import ClosedError, DeferredCardReader, DeferredGateway
from tests.fakes import FakeCardReader, FakeGateway


class Worker:
    def __init__(self) -> None:
        self.stopped = False

    def stop(self) -> None:
        self.stopped = True


def test_gateway_is_built_once_on_first_use_and_stopped() -> None:
    built: list[Worker] = []

    def factory() -> tuple[Any, Worker]:
        built.append(Worker())
        return FakeGateway(), built[-1]

    gateway = DeferredGateway(factory)
    assert built == []
    threads = [threading.Thread(target=gateway.warm_up) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=10)
    assert len(built) == 1
    assert gateway.outbox_state().depth == 0
    gateway.stop()
    assert built[0].stopped


def test_nothing_is_built_after_stop() -> None:
    calls: list[int] = []

    def factory() -> tuple[Any, Worker]:
        calls.append(1)
        return FakeGateway(), Worker()

    gateway = DeferredGateway(factory)
    gateway.stop()
    with pytest.raises(ClosedError):
        gateway.warm_up()
    assert calls == []


def test_card_reader_is_built_at_the_first_read() -> None:
    from kiosk.card.api import AccessKeys
    from tests.factories import card_result

    made: list[FakeCardReader] = []

    def factory() -> FakeCardReader:
        made.append(FakeCardReader())
        return made[-1]

    reader = DeferredCardReader(factory)
    assert made == []
    who = card_result().identity
    keys = AccessKeys(who.id_number, who.date_of_birth)
    assert reader.read(keys, lambda _stage: None).identity == who
    reader.read(keys, lambda _stage: None)
    assert len(made) == 1
    assert len(made[0].reads) == 2
