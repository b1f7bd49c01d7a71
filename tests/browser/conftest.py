"""Browser tests: the Chromium fixtures (`browser`, `page`, `screenshot_dir`) live in
tests/conftest.py so every folder can use them; shared steps are in browser_helpers.py."""
