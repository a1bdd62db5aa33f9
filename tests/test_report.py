"""The report in a real browser (headless Chromium through chromedriver): every chart renders as
SVG, nothing is logged as an error, nothing is fetched from outside the machine, text planted in a
source cannot run as script, and the page is not blank. Also the PNG/SVG exports."""

from __future__ import annotations

import io
import json

import pytest
from PIL import Image, ImageStat
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from pipelines.common.paths import ProjectPaths
from tests.conftest import run_cli

CHARTS = (
    "china-non-prosecution",
    "china-detention",
    "china-plea",
    "china-counts",
    "china-coverage",
    "comparison",
    "trends",
    "claims",
)
PLANTED = '<script>window.pwned = 1</script><img src=x onerror="window.pwned = 2">'
LOCAL_SCHEMES = ("file:", "data:", "about:", "blob:")


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> ProjectPaths:
    """A build whose source registry has markup planted in a title, as a hostile page might."""
    from tests.conftest import make_project

    paths = make_project(tmp_path_factory.mktemp("planted"))
    registry = paths.raw / "sources" / "china.yaml"
    text = registry.read_text(encoding="utf-8")
    old = "  title: (English translation of China News Service) SPP announces main case data"
    assert old in text
    registry.write_text(
        text.replace(old, f"  title: '{PLANTED} SPP announces main case data", 1).replace(
            "main case data of national procuratorates in\n    2019\n", "main case data 2019'\n", 1
        ),
        encoding="utf-8",
    )
    result = run_cli(paths, "build")
    assert result.returncode == 0, result.stderr
    return paths


@pytest.fixture(scope="module")
def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--window-size=1280,2400",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def test_the_page_renders_every_chart_offline_without_errors(planted, browser):
    browser.get(planted.report_html.as_uri())
    WebDriverWait(browser, 60).until(
        lambda d: all(d.find_elements(By.CSS_SELECTOR, f"#chart-{name} svg") for name in CHARTS)
    )
    svgs = {name: browser.find_element(By.CSS_SELECTOR, f"#chart-{name} svg") for name in CHARTS}
    assert all(svg.size["width"] > 300 and svg.size["height"] > 150 for svg in svgs.values())
    # Chinese labels and the footnote with sources are drawn inside the SVG
    text = svgs["china-non-prosecution"].get_attribute("textContent")
    assert "不起诉率" in text and "Sources 来源: " in text

    errors = [e for e in browser.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]
    assert errors == []
    requests = [
        message["params"]["request"]["url"]
        for entry in browser.get_log("performance")
        if (message := json.loads(entry["message"])["message"])["method"]
        == "Network.requestWillBeSent"
    ]
    assert requests and all(url.startswith(LOCAL_SCHEMES) for url in requests), requests

    # the planted markup is shown as text and never ran
    assert browser.execute_script("return window.pwned === undefined")
    assert PLANTED in browser.find_element(By.ID, "src-cn-cdr-2019-fy-tellerreport").text

    shot = Image.open(io.BytesIO(browser.get_screenshot_as_png())).convert("L")
    assert shot.size[0] >= 1200
    assert ImageStat.Stat(shot).stddev[0] > 20  # a blank or single-colour page has ~0
    assert len(shot.getcolors(maxcolors=1 << 16) or []) > 50


def test_the_html_escapes_text_from_sources(planted):
    html = planted.report_html.read_text(encoding="utf-8")
    assert "&lt;script&gt;window.pwned = 1&lt;/script&gt;" in html
    assert "<script>window.pwned" not in html and "<img src=x" not in html


def test_every_chart_has_a_png_and_an_svg_with_its_footnote(planted):
    directory = planted.reports_dir / "charts"
    assert sorted(p.name for p in directory.iterdir()) == sorted(
        f"{name}.{suffix}" for name in CHARTS for suffix in ("png", "svg")
    )
    for name in CHARTS:
        png = Image.open(directory / f"{name}.png").convert("L")
        assert png.size[0] > 1000 and ImageStat.Stat(png).stddev[0] > 20, name
        svg = (directory / f"{name}.svg").read_text(encoding="utf-8")
        assert "Sources 来源" in svg, name
    assert "WenQuanYi Micro Hei" in (directory / "comparison.svg").read_text(encoding="utf-8")
