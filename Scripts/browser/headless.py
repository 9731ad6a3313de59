"""What the browser checks share: headless Chromium from Debian's chromium and chromium-driver,
driven by Selenium, and the pass/fail tally whose closing line browser-check.sh adds up."""
from selenium import webdriver
from selenium.webdriver.chrome.service import Service


def browser(performance_log=False):
    """Headless Chromium at 1280×900 keeping its console log (and, if asked, its network log)."""
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900"):
        options.add_argument(argument)
    logs = {"browser": "ALL", "performance": "ALL"} if performance_log else {"browser": "ALL"}
    options.set_capability("goog:loggingPrefs", logs)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


class Tally:
    """Counts checks, printing one line each, and ends with "N passed, N failed"."""

    def __init__(self):
        self.passed = self.failed = 0

    def __call__(self, name, ok, detail=""):
        if ok:
            self.passed += 1
            print(f"ok   {name}")
        else:
            self.failed += 1
            print(f"FAIL {name} {detail}")

    def finish(self):
        print(f"{self.passed} passed, {self.failed} failed")
        return 1 if self.failed else 0
