from kiosk.visit.scanner import BurstDetector


def feed(d: BurstDetector, text: str, start: float, gap: float) -> float:
    t = start
    for ch in text:
        d.feed(ch, t)
        t += gap
    return t


def test_fast_burst_ending_in_enter_is_a_scan() -> None:
    d = BurstDetector()
    t = feed(d, "001089012345|012345678", 10.0, 0.004)
    assert d.end(t) == "001089012345|012345678"


def test_human_typing_is_not_a_scan() -> None:
    d = BurstDetector()
    t = feed(d, "dang ky ket hon", 10.0, 0.15)
    assert d.end(t) is None


def test_slow_prefix_then_burst_keeps_only_the_burst() -> None:
    d = BurstDetector()
    t = feed(d, "abc", 0.0, 0.3)
    t = feed(d, "TOKEN-123456", t + 0.5, 0.005)
    assert d.end(t) == "TOKEN-123456"


def test_short_bursts_and_late_enter_are_not_scans() -> None:
    d = BurstDetector()
    t = feed(d, "ab", 0.0, 0.001)
    assert d.end(t) is None
    t = feed(d, "ABCDEFGH", 5.0, 0.001)
    assert d.end(t + 1.0) is None  # a person pressed Enter after a pause
