"""Drives `linksieve review` end to end in headless Chromium (Debian's chromium and chromedriver,
driven by Selenium) over a scan of the demo dataset, then checks the audit chain from the shell.

Usage: review_check.py BINARY STATE_DIR WORK_DIR SCREENSHOT_DIR
Everything listens on and talks to 127.0.0.1 only. Prints one line per check and a closing
"N passed, N failed"; exits 1 if any failed.
"""
import http.server
import json
import os
import re
import sqlite3
import subprocess
import sys
import threading
import time
import traceback
import urllib.error
import urllib.parse
import urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import Select, WebDriverWait

from headless import Tally, browser

check = Tally()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args):
        return None


def request(url, data=None, headers=None):
    """(status, headers, body) of one request, following no redirect."""
    opener = urllib.request.build_opener(NoRedirect)
    req = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with opener.open(req, timeout=10) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def start_server(binary, state):
    server = subprocess.Popen(
        [binary, "review", "--state", state, "--reviewer", "alice", "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = server.stdout.readline()
    match = re.search(r"(http://127\.0\.0\.1:(\d+))/login\?token=([0-9a-f]{64})", line)
    if not match:
        server.kill()
        raise SystemExit(f"review printed no sign-in URL: {line!r} {server.stderr.read()!r}")
    return server, match.group(1), match.group(0)


def cross_site_page(target):
    """A page on another loopback origin whose form posts a decision to the review server."""
    page = f"""<!DOCTYPE html><html><body><form id="f" method="post" action="{target}/decide">
        <input name="decision" value="false-positive"><input name="row" value="0"></form>
        <script>document.getElementById('f').submit();</script></body></html>""".encode()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args):
            pass

    httpd = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


def decide_by_key(driver, key):
    """Presses a decision key and waits until the page has been replaced by the one the form's
    post leads to: the page before it already shows what a wait on the next page would look for."""
    page = driver.find_element(By.TAG_NAME, "html")
    driver.find_element(By.TAG_NAME, "body").send_keys(key)
    WebDriverWait(driver, 10).until(expected_conditions.staleness_of(page))


def audit_records(driver, base):
    driver.get(base + "/audit")
    return driver.find_elements(By.CSS_SELECTOR, "tr.audit-record")


def run(binary, state, work, screenshots):
    server, base, login_url = start_server(binary, state)
    driver = browser()
    evil = None
    try:
        status, _, _ = request(base + "/")
        check("a page without a session is refused", status == 401, status)
        status, _, _ = request(base + "/decide", data=b"decision=confirmed&row=1",
                               headers={"Origin": base, "Sec-Fetch-Site": "same-origin"})
        check("a decision without a session is refused", status == 401, status)
        status, headers, _ = request(base + "/login")
        csp = headers.get("Content-Security-Policy", "")
        check("strict Content-Security-Policy", "default-src 'none'" in csp and "frame-ancestors 'none'" in csp
              and "script-src 'self'" in csp, csp)
        check("nosniff and no-referrer", headers.get("X-Content-Type-Options") == "nosniff"
              and headers.get("Referrer-Policy") == "no-referrer")

        driver.get(login_url)
        check("the one-time URL signs in and shows the queue", "Review queue" in driver.title, driver.title)
        cookie = driver.get_cookie("linksieve_review")
        check("session cookie is HttpOnly and SameSite=Strict",
              cookie and cookie.get("httpOnly") and cookie.get("sameSite") == "Strict", cookie)
        check("the page says whose decisions these are", "alice" in driver.find_element(By.TAG_NAME, "header").text)
        status, _, _ = request(login_url)
        check("the one-time URL works only once", status == 403, status)
        legend = driver.find_element(By.CSS_SELECTOR, ".keys").text
        check("the keys are shown on the page", all(k in legend for k in ("j", "k", "c", "f", "e", "n")), legend)
        groups = driver.find_elements(By.CSS_SELECTOR, "#queue tr[data-item]")
        check("the queue lists entry groups", len(groups) > 0, len(groups))
        kinds = [td.text for td in driver.find_elements(By.CSS_SELECTOR, "#queue td.algorithm")]
        check("borderline PDQ matches first", "pdq" in kinds and kinds == sorted(kinds, key=lambda k: k != "pdq"), kinds)
        driver.save_screenshot(os.path.join(screenshots, "review-queue.png"))

        Select(driver.find_element(By.NAME, "algorithm")).select_by_value("pdq")
        driver.find_element(By.CSS_SELECTOR, "form.filters button").click()
        WebDriverWait(driver, 10).until(lambda d: "algorithm=pdq" in d.current_url)
        algorithms = {td.text for td in driver.find_elements(By.CSS_SELECTOR, "#queue td.algorithm")}
        check("the algorithm filter keeps only PDQ groups", algorithms == {"pdq"}, algorithms)

        driver.find_element(By.CSS_SELECTOR, "#queue tr[data-item] a.open").click()
        WebDriverWait(driver, 10).until(lambda d: "/group" in d.current_url)
        rows = driver.find_elements(By.CSS_SELECTOR, "#queue tr[data-item]")
        check("a group lists its rows", len(rows) > 0, len(rows))
        before = len(audit_records(driver, base))
        driver.back()
        WebDriverWait(driver, 10).until(lambda d: "/group" in d.current_url)
        body = driver.find_element(By.TAG_NAME, "body")
        body.send_keys("j")
        selected = driver.find_elements(By.CSS_SELECTOR, "#queue tr.selected")
        check("j moves the selection", len(rows) < 2 or (selected and selected[0].get_attribute("data-row")
                                                         == rows[1].get_attribute("data-row")))
        body.send_keys("k")
        chosen = driver.find_element(By.CSS_SELECTOR, "#queue tr.selected").get_attribute("data-row")
        body.send_keys("n")
        driver.switch_to.active_element.send_keys("looks like the listed image")
        driver.switch_to.active_element.send_keys("\ue00c")  # Escape leaves the note field
        decide_by_key(driver, "c")
        WebDriverWait(driver, 10).until(lambda d: "/group" in d.current_url and d.find_elements(By.ID, "queue"))
        records = audit_records(driver, base)
        check("c records a decision", len(records) == before + 1, (before, len(records)))
        newest = records[0].text if records else ""
        check("the audit entry names reviewer, decision, row and note",
              "alice" in newest and "confirmed" in newest and f"row {chosen}" in newest
              and "looks like the listed image" in newest, newest)
        check("the audit page shows the chain intact", "intact" in driver.find_element(By.ID, "chain-status").text)

        driver.get(base + "/?view=rows&algorithm=pdq")
        other = [item for item in driver.find_elements(By.CSS_SELECTOR, "#queue tr[data-item]")
                 if item.get_attribute("data-row") != chosen][0]
        other.find_element(By.CSS_SELECTOR, "a.open").click()
        WebDriverWait(driver, 10).until(lambda d: "/match/" in d.current_url)
        row = driver.current_url.rsplit("/", 1)[1]
        facts = {dt.text: dd.text for dt, dd in zip(driver.find_elements(By.CSS_SELECTOR, "dl.facts dt"),
                                                   driver.find_elements(By.CSS_SELECTOR, "dl.facts dd"))}
        wanted = ("List", "Label", "Category", "Entry", "Observed", "Distance", "Quality", "Variant",
                  "HTTP status", "Content type", "Size", "Fetched", "URL", "Domain")
        check("the match page shows every fact", all(w in facts for w in wanted), sorted(facts))
        url_text = driver.find_element(By.ID, "url").text
        links = [a.get_attribute("href") for a in driver.find_elements(By.TAG_NAME, "a")]
        check("the URL is plain text, never a link", url_text.startswith("http") and url_text not in links, url_text)
        check("no image is shown", not driver.find_elements(By.TAG_NAME, "img"))
        grids = driver.find_elements(By.CSS_SELECTOR, ".grids svg")
        cells = driver.find_elements(By.CSS_SELECTOR, ".grids figure:first-child svg rect")
        differing = len(driver.find_elements(By.CSS_SELECTOR, ".grids figure:first-child rect.diff"))
        check("two 16x16 hash grids", len(grids) == 2 and len(cells) == 256, (len(grids), len(cells)))
        check("differing bits marked as many as the distance", str(differing) == facts.get("Distance"),
              (differing, facts.get("Distance")))
        check("the caption is not in the page until asked for", not driver.find_elements(By.ID, "caption"))
        driver.find_element(By.ID, "show-text").click()
        WebDriverWait(driver, 10).until(lambda d: "text=1" in d.current_url)
        caption = driver.find_elements(By.ID, "caption")
        check("show text reveals the caption", caption and caption[0].is_displayed() and caption[0].text != "",
              caption and caption[0].text)
        height = driver.execute_script("return document.documentElement.scrollHeight")
        driver.set_window_size(1280, min(max(height, 900), 3000))
        driver.save_screenshot(os.path.join(screenshots, "review-match.png"))
        driver.set_window_size(1280, 900)
        decide_by_key(driver, "f")
        WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "dl.facts"))
        newest = audit_records(driver, base)[0].text
        check("f records a false positive on the match page", "false-positive" in newest and f"row {row}" in newest, newest)

        count = len(audit_records(driver, base))
        evil = cross_site_page(base)
        driver.get(f"http://127.0.0.1:{evil.server_address[1]}/")
        time.sleep(1)
        check("a cross-site form post is refused", len(audit_records(driver, base)) == count)
        session = driver.get_cookie("linksieve_review")["value"]
        driver.get(base + "/")
        token = driver.find_element(By.CSS_SELECTOR, "#decide-form input[name=csrf]").get_attribute("value")
        form = urllib.parse.urlencode({"decision": "false-positive", "row": row, "csrf": token}).encode()
        status, _, _ = request(base + "/decide", data=form, headers={
            "Cookie": f"linksieve_review={session}", "Origin": "http://evil.example", "Sec-Fetch-Site": "cross-site"})
        check("a cross-origin post with a stolen token is refused", status == 403, status)
        status, _, _ = request(base + "/decide", data=form.replace(token.encode(), b"0" * 64), headers={
            "Cookie": f"linksieve_review={session}", "Origin": base, "Sec-Fetch-Site": "same-origin"})
        check("a same-origin post without the form token is refused", status == 403, status)
        check("neither added a decision", len(audit_records(driver, base)) == count)

        errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"
                  and f"127.0.0.1:{evil.server_address[1]}" not in e.get("message", "")
                  and "/decide" not in e.get("message", "")]
        check("no console errors (no CSP violations)", not errors, errors[:3])
    finally:
        driver.quit()
        server.terminate()
        server.wait(timeout=10)
        if evil:
            evil.shutdown()

    def linksieve(*arguments):
        return subprocess.run([binary, *arguments], capture_output=True, text=True)

    negative = os.path.join(work, "review-negative.csv")
    exported = linksieve("decisions", "export", "--state", state, "--false-positives", negative,
                         "--confirmed-csv", os.path.join(work, "review-confirmed.csv"))
    check("decisions export", exported.returncode == 0 and os.path.exists(negative), exported.stderr)
    with open(os.path.join(work, "review-confirmed.csv")) as confirmed:
        check("the confirmed export names the reviewer", "alice" in confirmed.read())
    applied = linksieve("apply", "--state", state, "--out", os.path.join(work, "review-applied"))
    with open(os.path.join(work, "review-applied", "summary.json")) as summary:
        returned = json.load(summary).get("changes", {}).get("returned-by-review")
    check("apply returns the false positive", applied.returncode == 0 and returned == 1, (applied.stderr, returned))
    verified = linksieve("audit", "verify", "--state", state)
    check("audit verify: intact", verified.returncode == 0 and "intact" in verified.stdout, verified.stdout)

    database = sqlite3.connect(os.path.join(state, "state.sqlite"))
    database.execute("DROP TRIGGER decisions_no_update")
    database.execute("UPDATE decisions SET reviewer = 'mallory' WHERE seq = 1")
    database.commit()
    database.close()
    tampered = linksieve("audit", "verify", "--state", state)
    check("audit verify fails on a tampered record and names it",
          tampered.returncode == 1 and "record 1" in tampered.stderr, (tampered.returncode, tampered.stderr))


def main():
    binary, state, work, screenshots = sys.argv[1:5]
    os.makedirs(screenshots, exist_ok=True)
    try:
        run(os.path.abspath(binary), state, work, screenshots)
    except Exception as error:
        # The line of this script that raised, so a failure in the middle says where it happened.
        here = [frame for frame in traceback.extract_tb(error.__traceback__) if frame.filename == __file__]
        where = f" at line {here[-1].lineno}: {here[-1].line}" if here else ""
        check("review check ran to the end", False, repr(error) + where)
    sys.exit(check.finish())


if __name__ == "__main__":
    main()
