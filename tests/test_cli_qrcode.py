"""``riskengine qrcode ORG_ID``: the notice-board code of a community's public page."""

from __future__ import annotations

import shutil
import struct
import subprocess

import pytest
import segno
from click.testing import CliRunner

from riskengine.cli import main
from riskengine.errors import RiskEngineError
from riskengine.web.qr import public_url


def test_public_url_points_at_the_community_page():
    assert (
        public_url("https://jiandu.example.gov.cn/", "C0008") == "https://jiandu.example.gov.cn/public/C0008"
    )
    assert public_url("http://10.0.0.5:8000/svc", "村 01") == "http://10.0.0.5:8000/svc/public/%E6%9D%91%2001"
    with pytest.raises(RiskEngineError):
        public_url("jiandu.example.gov.cn", "C0008")


def test_writes_a_png_that_encodes_the_address(tmp_path):
    out = tmp_path / "code.png"
    done = CliRunner().invoke(
        main, ["qrcode", "C0008", "--base-url", "https://jiandu.example.gov.cn", "-o", str(out)]
    )
    assert done.exit_code == 0, done.output
    assert "https://jiandu.example.gov.cn/public/C0008" in done.stderr
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert width == height >= 300
    # The same address always gives the same image: it is exactly segno's code for that address.
    expected = tmp_path / "expected.png"
    segno.make("https://jiandu.example.gov.cn/public/C0008", error="q", micro=False).save(
        str(expected), scale=12, border=4
    )
    assert data == expected.read_bytes()


def test_svg_and_refusals(tmp_path):
    runner = CliRunner()
    svg = runner.invoke(
        main, ["qrcode", "C1", "--base-url", "https://x.example", "-o", str(tmp_path / "c.svg")]
    )
    assert svg.exit_code == 0, svg.output
    assert "<svg" in (tmp_path / "c.svg").read_text(encoding="utf-8")
    assert runner.invoke(main, ["qrcode", "C1", "-o", str(tmp_path / "c.jpg")]).exit_code == 2
    assert (
        runner.invoke(
            main, ["qrcode", "C1", "--base-url", "ftp://x", "-o", str(tmp_path / "c.png")]
        ).exit_code
        == 2
    )
    local = runner.invoke(
        main, ["qrcode", "C1", "-o", str(tmp_path / "c.png")], env={"RISKENGINE_PUBLIC_URL": None}
    )
    assert local.exit_code == 0
    assert "只在本机可用" in local.stderr


@pytest.mark.skipif(
    shutil.which("zbarimg") is None, reason="zbarimg not installed (apt-get install zbar-tools)"
)
def test_a_scanner_reads_the_address(tmp_path):
    out = tmp_path / "code.png"
    CliRunner().invoke(
        main, ["qrcode", "C0008", "--base-url", "https://jiandu.example.gov.cn", "-o", str(out)]
    )
    scanned = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(out)], capture_output=True, text=True, check=True
    )
    assert scanned.stdout.strip() == "https://jiandu.example.gov.cn/public/C0008"
