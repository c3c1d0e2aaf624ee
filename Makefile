# The two set-up commands for a new user are `make demo` and `make test`.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
DEMO_DB := demo.db
DEMO_PORT ?= 8000
DEMO_PASSWORD := demo-password-2026
DEMO_SERVE ?= 1

.PHONY: demo test check lock bench bench-quick evaluate clean help

help:
	@echo "make demo    install into .venv and scan the bundled examples into $(DEMO_DB)"
	@echo "make test    install everything the tests need (PostgreSQL included) and run the suite"
	@echo "make check   ruff lint, ruff format check, mypy"
	@echo "make bench   benchmarks (numbers go to BENCHMARKS.md)"

$(VENV)/.installed-runtime: pyproject.toml requirements.lock
	bash scripts/bootstrap.sh runtime

$(VENV)/.installed-dev: pyproject.toml requirements-dev.lock
	bash scripts/bootstrap.sh dev

demo: $(VENV)/.installed-runtime
	rm -f $(DEMO_DB)
	$(BIN)/cyberpatrol scan --db sqlite:///$(DEMO_DB) examples/posts.jsonl examples/posts.csv > demo-results.jsonl
	@echo
	@echo "== flagged posts with evidence (all results: demo-results.jsonl, store: $(DEMO_DB)) =="
	$(BIN)/cyberpatrol scan --no-store --format table --flagged-only examples/posts.jsonl | head -n 120
	@echo
	$(BIN)/cyberpatrol report --db sqlite:///$(DEMO_DB)
	@echo
	@echo "== text inside images (OCR with Tesseract jpn; without it, posts are scored on their text) =="
	$(BIN)/cyberpatrol scan --no-store --format table examples/image_posts.jsonl
	@echo
	@echo "== bad input: each bad line named, the rest still scanned =="
	-$(BIN)/cyberpatrol scan --no-store examples/bad_input.jsonl > /dev/null
	@echo
	@echo "== campaigns: posts of one operation across accounts (shared contacts, wording) =="
	$(BIN)/cyberpatrol campaigns --db sqlite:///$(DEMO_DB) > demo-campaigns.jsonl
	$(BIN)/python -c 'import json,sys; [print(c["campaign"], len(c["members"]), "posts,", len(c["authors"]), "accounts:", ", ".join(i["type"] + " " + i["value"] for i in c["indicators"][:2])) for c in map(json.loads, open(sys.argv[1]))]' demo-campaigns.jsonl
	$(BIN)/cyberpatrol graph shared --limit 5 --db sqlite:///$(DEMO_DB)
	@echo
	@echo "== the hotline web app on the demo data =="
	@echo "$(DEMO_PASSWORD)" | $(BIN)/cyberpatrol user add demo --role supervisor --name "デモ 監督者" --password-stdin --db sqlite:///$(DEMO_DB)
	@echo "$(DEMO_PASSWORD)" | $(BIN)/cyberpatrol user add analyst --role analyst --name "デモ 分析官" --password-stdin --db sqlite:///$(DEMO_DB)
	@echo
	@echo "   open  http://127.0.0.1:$(DEMO_PORT)/   log in as  demo / $(DEMO_PASSWORD)  (or analyst / same password)"
	@echo "   public report form: http://127.0.0.1:$(DEMO_PORT)/report   API: http://127.0.0.1:$(DEMO_PORT)/api/docs"
	@echo "   letters are dry runs (nothing is sent); stop with Ctrl-C.  (DEMO_SERVE=0 skips serving)"
	@if [ "$(DEMO_SERVE)" != "0" ]; then $(BIN)/cyberpatrol serve --db sqlite:///$(DEMO_DB) --port $(DEMO_PORT) --recheck-every 0; fi

test: $(VENV)/.installed-dev
	bash scripts/system-deps.sh
	export CYBERPATROL_TEST_PG_URL="$$(bash scripts/pg-test-server.sh)" && \
	  $(BIN)/python -m pytest -q

check: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

# Regenerate the pip lock files from uv.lock after changing pyproject.toml.
lock:
	uv lock
	uv export --frozen --no-dev --no-emit-project --format requirements-txt -o requirements.lock >/dev/null
	uv export --frozen --extra dev --no-emit-project --format requirements-txt -o requirements-dev.lock >/dev/null

bench: $(VENV)/.installed-dev
	$(BIN)/python benchmarks/run.py --repeat 1
	$(BIN)/python benchmarks/bench_campaigns.py --posts 1000000 --more 10000

bench-quick: $(VENV)/.installed-dev
	$(BIN)/python benchmarks/run.py --posts 100000 --small 20000 --replay 20000 --repeat 3

evaluate: $(VENV)/.installed-runtime
	$(BIN)/cyberpatrol evaluate examples/posts.jsonl examples/posts.csv

clean:
	rm -rf $(VENV) $(DEMO_DB) demo-results.jsonl .mypy_cache .ruff_cache .pytest_cache
