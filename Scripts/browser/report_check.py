"""Opens report.html files in headless Chromium (Debian's chromium and chromedriver, driven by
Selenium) and checks that each renders its sections and charts with no console errors and no
request for anything outside the file. Saves a full-page screenshot of each beside it.

Usage: report_check.py SCREENSHOT_DIR REPORT.html [REPORT.html ...]
Prints one line per check and a closing "N passed, N failed"; exits 1 if any failed.
"""
import os
import sys

from selenium.webdriver.common.by import By

from headless import Tally, browser


def main():
    screenshots, reports = sys.argv[1], sys.argv[2:]
    os.makedirs(screenshots, exist_ok=True)
    check = Tally()
    driver = browser(performance_log=True)
    try:
        for index, report in enumerate(reports):
            path = os.path.abspath(report)
            driver.get("file://" + path)
            title = driver.title
            check(f"{report}: title", title.startswith("linksieve report"), repr(title))
            headings = [h.text for h in driver.find_elements(By.TAG_NAME, "h2")]
            for wanted in ("Rows", "Quarantined by stage", "Fetch outcomes", "Largest entry groups", "Lists", "Settings"):
                check(f"{report}: section {wanted}", any(h.startswith(wanted) for h in headings), repr(headings))
            charts = driver.find_elements(By.CSS_SELECTOR, "svg.chart")
            check(f"{report}: charts drawn", len(charts) >= 3 and all(c.size["width"] > 0 for c in charts), len(charts))
            errors = [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]
            check(f"{report}: no console errors or warnings", not errors, errors)
            requests = [e for e in driver.get_log("performance") if '"Network.requestWillBeSent"' in e["message"]
                        and "file://" + path not in e["message"]]
            check(f"{report}: loads nothing else", not requests, requests[:2])
            height = driver.execute_script("return document.documentElement.scrollHeight")
            driver.set_window_size(1280, min(max(height, 900), 6000))
            shot = os.path.join(screenshots, f"report-{index}.png")
            driver.save_screenshot(shot)
            check(f"{report}: screenshot {shot}", os.path.getsize(shot) > 10_000)
    finally:
        driver.quit()
    sys.exit(check.finish())


if __name__ == "__main__":
    main()
