"""The Qt renderer: PDF text (Vietnamese) before printing, page sizes, PNG QR, demo PDF printer."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from kiosk.config import defaults
from kiosk.domain.vietqr import parse_payload
from kiosk.printing.errors import PrinterOfflineError
from kiosk.simulators.sample_receipt import sample_receipt
from tests.integration.printing.pdf_tools import pdf_page_size_pt, pdf_qr_texts, pdf_text
from ui.printing.dispatch import print_with_config
from ui.printing.pdf_file_printer import PdfFilePrinter
from ui.printing.qt_printer import render_pdf, render_png

pytestmark = pytest.mark.usefixtures("qapp")

MM = 72 / 25.4


def _squash(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("layout", ["a5", "roll80"])
def test_pdf_carries_the_vietnamese_text(tmp_path: Path, layout: str) -> None:
    r = sample_receipt()
    pdf = render_pdf(r, tmp_path / "r.pdf", layout)
    text = _squash(pdf_text(pdf))
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "PHIẾU TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",  # the sample is a residence procedure: CT04
        f"Mã hồ sơ: {r.dossier_code}",
        "Đã tiếp nhận hồ sơ của Ông/Bà: Nguyễn Thị Minh Hằng",
        "Thời gian trả kết quả giải quyết hồ sơ: 16 giờ 00 phút, ngày 05/10/2026",
        "Phí, lệ phí: 15.000 đồng",
        "Kết quả được gửi qua bưu chính tới địa chỉ đã đăng ký",
        "Đăng ký tạm trú",
    ):
        assert expected in text, expected


def test_page_sizes(tmp_path: Path) -> None:
    w, h = pdf_page_size_pt(render_pdf(sample_receipt(), tmp_path / "a5.pdf", "a5"))
    assert (round(w / MM), round(h / MM)) == (148, 210)
    w, h = pdf_page_size_pt(render_pdf(sample_receipt(), tmp_path / "roll.pdf", "roll80"))
    assert round(w / MM) == 80
    assert h / MM > 120  # the roll is as long as the receipt


@pytest.mark.parametrize("layout", ["a5", "roll80"])
def test_pdf_qr_codes_decode(tmp_path: Path, layout: str) -> None:
    r = sample_receipt()
    pdf = render_pdf(r, tmp_path / "r.pdf", layout)
    assert pdf_qr_texts(pdf, tmp_path) == sorted([r.tracking_url, r.payment_payload])


@pytest.mark.parametrize("layout", ["a5", "roll80"])
def test_png_qr_codes_decode(tmp_path: Path, layout: str) -> None:
    r = sample_receipt()
    png = render_png(r, tmp_path / "r.png", layout)
    with Image.open(png) as img:
        texts = sorted(x.text for x in zxingcpp.read_barcodes(img.convert("L")))
    assert texts == sorted([r.tracking_url, r.payment_payload])
    assert parse_payload(r.payment_payload).amount == 15000


def test_pdf_file_printer_writes_one_file_per_receipt(tmp_path: Path) -> None:
    printer = PdfFilePrinter(tmp_path / "receipts", "roll80")
    r = sample_receipt()
    first = printer.print_receipt(r)
    second = printer.print_receipt(r)
    assert first != second
    assert sorted(p.name for p in (tmp_path / "receipts").iterdir()) == sorted(
        [first.name, second.name]
    )
    assert r.dossier_code.replace(" ", "_") in first.name
    assert "Nguy" not in first.name
    assert "PHIẾU TIẾP NHẬN" in pdf_text(first)


def test_print_with_config_pdf_kind(tmp_path: Path) -> None:
    cfg = defaults().replace(kiosk__data_dir=str(tmp_path), printer__kind="pdf")
    out = print_with_config(sample_receipt(), cfg)
    assert out is not None
    assert out.parent == tmp_path / "receipts"
    assert out.read_bytes().startswith(b"%PDF")


def test_pdf_printer_unwritable_dir_is_reported(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(PrinterOfflineError):
        PdfFilePrinter(blocker / "receipts").print_receipt(sample_receipt())


_CLI = "import sys\nfrom ui.startup.cli import main\nsys.exit(main(sys.argv[1:]))\n"


@pytest.mark.parametrize(
    ("name", "fmt"), [("r.pdf", "a5"), ("r.png", "roll80"), ("r.bin", "escpos")]
)
def test_cli_render_sample(tmp_path: Path, name: str, fmt: str) -> None:
    out = tmp_path / name
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            _CLI,
            "receipt",
            "render",
            "--sample",
            "--out",
            str(out),
            "--format",
            fmt,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == sample_receipt().tracking_url
    assert out.stat().st_size > 1000


def test_cli_renders_a_given_dossier_record(tmp_path: Path) -> None:
    record = tmp_path / "r.json"
    env = {"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"}
    base = [sys.executable, "-c", _CLI, "receipt", "render"]
    subprocess.run(
        [*base, "--sample", "--out", str(record)],
        check=True,
        timeout=120,
        env=env,
        capture_output=True,
    )
    changed = record.read_text(encoding="utf-8").replace("260930-0012", "260930-0099")
    record.write_text(changed, encoding="utf-8")
    pdf = tmp_path / "given.pdf"
    proc = subprocess.run(
        [*base, "--dossier", str(record), "--out", str(pdf)],
        timeout=120,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "260930-0099" in pdf_text(pdf)
