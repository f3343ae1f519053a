"""The PIN store: argon2id hashes, roles, lockout after five wrong PINs, kept across restarts."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from kiosk.staff import PinLockedError, PinPolicyError, PinStore, PinStoreError, Role
from tests.fakes import FakeClock, cheap_hasher


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "staff-pins.json"


def make(path: Path, clock: FakeClock) -> PinStore:
    return PinStore(path, clock=clock, hasher=cheap_hasher())


def test_pins_are_stored_as_argon2id_hashes_only(path: Path, clock: FakeClock) -> None:
    store = PinStore(path, clock=clock)  # default (production) hasher
    member = store.add(Role.STAFF, "Quầy 1", "482913")
    raw = path.read_text(encoding="utf-8")
    assert "482913" not in raw
    doc = json.loads(raw)
    assert doc["members"][0]["hash"].startswith("$argon2id$")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert store.verify(Role.STAFF, "482913") == member


@pytest.mark.expect_log("WARNING", "kiosk.staff.pins", r"wrong PIN")
def test_verify_returns_the_member_of_the_right_role(path: Path, clock: FakeClock) -> None:
    store = make(path, clock)
    staff = store.add(Role.STAFF, "Chị Lan", "1111")
    tech = store.add(Role.TECHNICIAN, "Anh Minh", "99999999")
    assert store.verify(Role.STAFF, "1111") == staff
    assert store.verify(Role.TECHNICIAN, "99999999") == tech
    assert store.verify(None, "99999999") == tech
    assert store.verify(Role.STAFF, "99999999") is None  # a technician PIN on the staff pad
    assert staff.staff_id != tech.staff_id
    assert staff.staff_id.startswith("S-")
    assert tech.staff_id.startswith("T-")


@pytest.mark.expect_log("WARNING", "kiosk.staff.pins", r"PIN pad locked for")
@pytest.mark.expect_log("WARNING", "kiosk.staff.pins", r"wrong PIN")
def test_five_wrong_pins_lock_the_pad_for_five_minutes(path: Path, clock: FakeClock) -> None:
    store = make(path, clock)
    store.add(Role.STAFF, "Quầy 1", "2468")
    for attempt in range(1, 5):
        assert store.verify(Role.STAFF, "0000") is None
        assert store.lock_state().failures == attempt
    with pytest.raises(PinLockedError) as locked:
        store.verify(Role.STAFF, "0000")
    assert locked.value.remaining_s == pytest.approx(300)
    assert "5 phút" in locked.value.message("vi")
    # even the right PIN is refused while locked
    clock.now += 299
    with pytest.raises(PinLockedError) as still:
        store.verify(Role.STAFF, "2468")
    assert still.value.remaining_s == pytest.approx(1)
    assert still.value.code == "staff.pin_locked"
    clock.now += 1
    assert not store.lock_state().locked
    assert store.verify(Role.STAFF, "2468") is not None


@pytest.mark.expect_log("WARNING", "kiosk.staff.pins", r"wrong PIN")
def test_a_right_pin_resets_the_failure_count(path: Path, clock: FakeClock) -> None:
    store = make(path, clock)
    store.add(Role.STAFF, "Quầy 1", "2468")
    for _ in range(4):
        store.verify(Role.STAFF, "1357")
    assert store.verify(Role.STAFF, "2468") is not None
    assert store.lock_state().failures == 0
    for _ in range(4):
        assert store.verify(Role.STAFF, "1357") is None  # not locked: the count restarted


@pytest.mark.expect_log("WARNING", "kiosk.staff.pins", r"PIN pad locked for")
@pytest.mark.expect_log("WARNING", "kiosk.staff.pins", r"wrong PIN")
def test_the_lock_survives_a_restart(path: Path, clock: FakeClock) -> None:
    store = make(path, clock)
    store.add(Role.TECHNICIAN, "Kỹ thuật", "86420")
    for _ in range(4):
        store.verify(Role.TECHNICIAN, "11111")
    with pytest.raises(PinLockedError):
        store.verify(Role.TECHNICIAN, "11111")
    clock.now += 120
    reopened = make(path, clock)  # a new process: only the file is shared
    state = reopened.lock_state()
    assert state.locked
    assert state.remaining_s == pytest.approx(180)
    with pytest.raises(PinLockedError):
        reopened.verify(Role.TECHNICIAN, "86420")
    clock.now += 180
    assert reopened.verify(Role.TECHNICIAN, "86420") is not None


@pytest.mark.expect_log("WARNING", "kiosk.staff.pins", r"PIN pad locked for")
@pytest.mark.expect_log("WARNING", "kiosk.staff.pins", r"wrong PIN")
def test_failures_below_the_limit_also_survive_a_restart(path: Path, clock: FakeClock) -> None:
    make(path, clock).add(Role.STAFF, "Quầy 1", "2468")
    for _ in range(3):
        make(path, clock).verify(Role.STAFF, "0000")
    make(path, clock).verify(Role.STAFF, "0000")
    with pytest.raises(PinLockedError):
        make(path, clock).verify(Role.STAFF, "0000")


@pytest.mark.expect_log("WARNING", "kiosk.staff.pins", r"PIN pad locked for")
@pytest.mark.expect_log("WARNING", "kiosk.staff.pins", r"wrong PIN")
def test_a_clock_set_back_does_not_lock_for_ever(path: Path, clock: FakeClock) -> None:
    store = make(path, clock)
    store.add(Role.STAFF, "Quầy 1", "2468")
    for _ in range(4):
        store.verify(Role.STAFF, "0000")
    with pytest.raises(PinLockedError):
        store.verify(Role.STAFF, "0000")
    clock.now -= 86_400  # the RTC lost a day after a power cut
    assert store.lock_state().remaining_s == pytest.approx(300)
    clock.now += 300
    assert store.verify(Role.STAFF, "2468") is not None


def test_pin_policy(path: Path, clock: FakeClock) -> None:
    store = make(path, clock)
    for bad in ("123", "12ab", "1234567890123", " 1234", ""):
        with pytest.raises(PinPolicyError):
            store.add(Role.STAFF, "Quầy 1", bad)
    store.add(Role.STAFF, "Quầy 1", "5555")
    with pytest.raises(PinPolicyError):
        store.add(Role.TECHNICIAN, "Quầy 2", "5555")  # reuse would make the holder ambiguous
    with pytest.raises(PinPolicyError):
        store.add(Role.STAFF, "line\nbreak", "6666")
    assert len(store.members()) == 1


@pytest.mark.expect_log("WARNING", "kiosk.staff.pins", r"PIN pad locked for")
@pytest.mark.expect_log("WARNING", "kiosk.staff.pins", r"wrong PIN")
def test_remove_and_unlock(path: Path, clock: FakeClock) -> None:
    store = make(path, clock)
    member = store.add(Role.STAFF, "Quầy 1", "2468")
    for _ in range(4):
        store.verify(Role.STAFF, "0000")
    with pytest.raises(PinLockedError):
        store.verify(Role.STAFF, "0000")
    store.unlock()
    assert store.verify(Role.STAFF, "2468") == member
    assert store.remove(member.staff_id)
    assert not store.remove(member.staff_id)
    assert store.verify(Role.STAFF, "2468") is None


def test_a_damaged_file_is_a_typed_error_without_its_content(path: Path, clock: FakeClock) -> None:
    path.parent.mkdir(parents=True)
    path.write_text('{"format": 1, "members": [{"id": "S-1", "label": "Nguyễn Văn A"', "utf-8")
    store = make(path, clock)
    with pytest.raises(PinStoreError) as err:
        store.verify(Role.STAFF, "1234")
    assert "Nguyễn" not in str(err.value)
    assert err.value.message("en")


@pytest.mark.expect_log("WARNING", "kiosk.staff.pins", r"wrong PIN")
def test_pins_and_labels_never_reach_the_log(
    path: Path, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    store = make(path, clock)
    store.add(Role.STAFF, "Nguyễn Thị Hoa", "7391")
    store.verify(Role.STAFF, "7391")
    store.verify(Role.STAFF, "8402")
    text = caplog.text
    assert caplog.records
    assert "7391" not in text
    assert "8402" not in text
    assert "Hoa" not in text


@pytest.mark.expect_log("WARNING", "kiosk.staff.pins", r"wrong PIN")
def test_no_temp_files_are_left_behind(path: Path, clock: FakeClock) -> None:
    store = make(path, clock)
    store.add(Role.STAFF, "Quầy 1", "2468")
    store.verify(Role.STAFF, "0000")
    names = sorted(p.name for p in path.parent.iterdir())
    assert names == ["staff-pins.json", "staff-pins.json.lock"]
