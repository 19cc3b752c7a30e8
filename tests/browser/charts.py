"""What the browser tests of a page with a chart share: a page that records violations of the
strict CSP, and the check that a chart (ECharts on a canvas) has drawn at a readable size."""

from __future__ import annotations

from playwright.sync_api import expect

CSP_WATCH = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.cspViolations.push(e.violatedDirective + " " + e.blockedURI);
});
"""


def watch_csp(page):
    """``page``, recording every CSP violation from its next navigation on."""
    page.add_init_script(CSP_WATCH)
    return page


def chart_drawn(page, selector: str):
    """The chart at ``selector``, once it says it has rendered and its canvas shows, at least
    200 × 200 px."""
    chart = page.locator(selector)
    expect(chart).to_have_attribute("data-rendered", "true")
    canvas = chart.locator("canvas")
    expect(canvas).to_be_visible()
    box = canvas.bounding_box()
    assert box["width"] > 200
    assert box["height"] > 200
    return chart


def no_csp_violations(page):
    assert page.evaluate("window.cspViolations") == []
