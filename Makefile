# SPDX-License-Identifier: GPL-2.0
#
# auditlite's entry points. The module itself is described by Kbuild; this
# file is read only when make runs here, not by Kbuild.
#
#   make            module (against KDIR) and userspace programs
#   make style | sparse | cppcheck   static analysis, no finding allowed
#   make demo       boot the stock kernel in QEMU and show auditlite working
#   make check      every test: unit, KUnit (debug kernel), end to end
#   make unit | kunit | e2e    one part of check
#   make stress     the soak of tests/stress (SOAK_SECONDS, STRESS_KERNEL)
#   make bench      auditlite against the kernel's audit + auditd, in QEMU

BUILD ?= $(CURDIR)/build
KERNELRELEASE ?= $(shell uname -r)
# The running kernel's build tree, else the newest installed Debian headers.
KDIR ?= $(or $(wildcard /lib/modules/$(KERNELRELEASE)/build),\
	     $(lastword $(sort $(wildcard /usr/src/linux-headers-*-amd64))))

export AUDITLITE_BUILD := $(BUILD)

all: module userspace

module:
	@test -n "$(KDIR)" || { echo "no kernel headers: set KDIR or run tools/setup-deps.sh" >&2; exit 1; }
	@tools/build-module.sh $(KDIR) >/dev/null

userspace:
	@$(MAKE) --no-print-directory -C userspace BUILD=$(BUILD)

style:
	@tools/style.sh

# Against KDIR: sparse on every file of the module and the sample caller.
sparse:
	@test -n "$(KDIR)" || { echo "no kernel headers: set KDIR or run tools/setup-deps.sh" >&2; exit 1; }
	@tools/build-module.sh $(KDIR) C=2 >/dev/null

CPPCHECK_FLAGS := --enable=warning,style,performance,portability \
	--error-exitcode=1 --inline-suppr --quiet -Iinclude -Iuserspace
cppcheck:
	@cppcheck $(CPPCHECK_FLAGS) userspace/*.c tests/unit/*.c

deps:
	@tools/setup-deps.sh

demo: deps
	@tools/demo.sh

check: deps
	@tools/check.sh unit kunit e2e

unit kunit e2e stress: deps
	@tools/check.sh $@

bench: deps
	@tools/bench/bench.sh $(BENCH_ARGS)

clean:
	rm -rf $(BUILD)

.PHONY: all module userspace style sparse cppcheck deps demo check unit kunit \
	e2e stress bench clean
