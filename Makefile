# Conveniences; each target is one script in scripts/.
.PHONY: demo build test bench
demo:
	bash scripts/demo.sh
build:
	bash scripts/build.sh
test:
	bash scripts/test.sh
bench:
	bash bench/run.sh
