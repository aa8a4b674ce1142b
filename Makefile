# SPDX-License-Identifier: GPL-2.0
#
# auditlite's entry points. The module itself is described by Kbuild; this
# file is read only when make runs here, not by Kbuild.
#
#   make            module (against KDIR) and userspace programs
#   make install    module, programs, caller headers, unit, config, man pages
#   make uninstall  what install put, but a config that was changed
#   make dkms-install   the module's sources to DKMS, built and installed
#   make style | sparse | cppcheck   static analysis, no finding allowed
#   make demo       boot the stock kernel in QEMU and show auditlite working
#   make check      every test: unit, packaging, KUnit (debug kernel), end to end
#   make unit | pkg | kunit | e2e    one part of check
#   make stress     the soak of tests/stress (SOAK_SECONDS, STRESS_KERNEL)
#   make bench      auditlite against the kernel's audit + auditd, in QEMU
#   make mutants    the deliberate faults of tools/mutants, each caught

BUILD ?= $(CURDIR)/build
KERNELRELEASE ?= $(shell uname -r)
# The running kernel's build tree, else the newest installed Debian headers.
KDIR ?= $(or $(wildcard /lib/modules/$(KERNELRELEASE)/build),\
	     $(lastword $(sort $(wildcard /usr/src/linux-headers-*-amd64))))
# The release KDIR builds for (its uname -r, as in the module's vermagic:
# Debian's include/config/kernel.release says 6.1.N for 6.1.0-N-amd64), and
# where tools/build-module.sh builds.
MODULE_RELEASE = $(shell sed -n 's/^\#define UTS_RELEASE "\(.*\)"$$/\1/p' \
	$(KDIR)/include/generated/utsrelease.h 2>/dev/null)
MODULE_OUT = $(BUILD)/module/$(notdir $(realpath $(KDIR)))
# dkms.conf holds the one version number.
VERSION := $(shell sed -n 's/^PACKAGE_VERSION="\(.*\)"$$/\1/p' dkms.conf)

# Where install puts things. Nothing depends on PREFIX but the unit file's
# ExecStart, which install rewrites; auditd-lite reads its config from
# /etc/auditlite whatever PREFIX is.
PREFIX ?= /usr/local
DESTDIR ?=
SBINDIR ?= $(PREFIX)/sbin
MANDIR ?= $(PREFIX)/share/man
UNITDIR ?= /lib/systemd/system
CONFDIR := /etc/auditlite
MODDIR = /lib/modules/$(MODULE_RELEASE)/updates
# For modules that call auditlite: -I$(KMOD_INCDIR), and
# KBUILD_EXTRA_SYMBOLS=$(KMOD_SYMVERS), which is per kernel release.
KMOD_INCDIR ?= $(PREFIX)/include/auditlite-kmod
KMOD_HEADERS := auditlite/auditlite.h auditlite/compat.h uapi/auditlite.h
KMOD_SYMVERS = $(PREFIX)/lib/auditlite-kmod/$(MODULE_RELEASE)/Module.symvers

export AUDITLITE_BUILD := $(BUILD)

all: module userspace

module:
	@test -n "$(KDIR)" || { echo "no kernel headers: set KDIR or run tools/setup-deps.sh" >&2; exit 1; }
	@tools/build-module.sh $(KDIR) >/dev/null

userspace:
	@$(MAKE) --no-print-directory -C userspace BUILD=$(BUILD)

# The installed Module.symvers names the module, not the path it was built
# at. depmod runs only for a real install: a package built in DESTDIR runs
# it when it is installed.
install: all
	install -D -m 0644 $(MODULE_OUT)/auditlite.ko $(DESTDIR)$(MODDIR)/auditlite.ko
	install -d $(DESTDIR)$(dir $(KMOD_SYMVERS))
	sed 's|\t[^\t]*/auditlite\t|\tauditlite\t|' $(MODULE_OUT)/Module.symvers \
		>$(DESTDIR)$(KMOD_SYMVERS)
	chmod 0644 $(DESTDIR)$(KMOD_SYMVERS)
	$(foreach h,$(KMOD_HEADERS),install -D -m 0644 include/$(h) $(DESTDIR)$(KMOD_INCDIR)/$(h) &&) true
	install -D -m 0755 -t $(DESTDIR)$(SBINDIR) $(BUILD)/bin/auditd-lite $(BUILD)/bin/auditlitectl
	install -D -m 0644 -t $(DESTDIR)$(MANDIR)/man8 userspace/auditd-lite.8 userspace/auditlitectl.8
	install -D -m 0644 -t $(DESTDIR)$(MANDIR)/man5 userspace/auditd-lite.conf.5
	install -d $(DESTDIR)$(UNITDIR)
	sed 's|^ExecStart=/usr/sbin/auditd-lite |ExecStart=$(SBINDIR)/auditd-lite |' \
		userspace/auditd-lite.service >$(DESTDIR)$(UNITDIR)/auditd-lite.service
	chmod 0644 $(DESTDIR)$(UNITDIR)/auditd-lite.service
	install -d $(DESTDIR)$(CONFDIR)
	@if [ -e $(DESTDIR)$(CONFDIR)/auditd-lite.conf ]; then \
		echo "keeping the existing $(DESTDIR)$(CONFDIR)/auditd-lite.conf"; \
	else \
		echo "install -m 0640 userspace/auditd-lite.conf $(DESTDIR)$(CONFDIR)/"; \
		install -m 0640 userspace/auditd-lite.conf $(DESTDIR)$(CONFDIR)/; \
	fi
ifeq ($(DESTDIR),)
	depmod -a $(MODULE_RELEASE)
	if [ -d /run/systemd/system ]; then systemctl daemon-reload; fi
endif

uninstall:
	@test -n "$(MODULE_RELEASE)" || { echo "no kernel tree at KDIR=$(KDIR): set KDIR to the tree it was installed for" >&2; exit 1; }
	rm -f $(DESTDIR)$(MODDIR)/auditlite.ko
	rm -f $(DESTDIR)$(KMOD_SYMVERS)
	rmdir $(DESTDIR)$(dir $(KMOD_SYMVERS)) $(DESTDIR)$(PREFIX)/lib/auditlite-kmod 2>/dev/null || true
	rm -f $(addprefix $(DESTDIR)$(KMOD_INCDIR)/,$(KMOD_HEADERS))
	rmdir $(addprefix $(DESTDIR)$(KMOD_INCDIR),/auditlite /uapi /) 2>/dev/null || true
	rm -f $(DESTDIR)$(SBINDIR)/auditd-lite $(DESTDIR)$(SBINDIR)/auditlitectl
	rm -f $(DESTDIR)$(MANDIR)/man8/auditd-lite.8 $(DESTDIR)$(MANDIR)/man8/auditlitectl.8
	rm -f $(DESTDIR)$(MANDIR)/man5/auditd-lite.conf.5
	rm -f $(DESTDIR)$(UNITDIR)/auditd-lite.service
	@if cmp -s userspace/auditd-lite.conf $(DESTDIR)$(CONFDIR)/auditd-lite.conf; then \
		echo "rm -f $(DESTDIR)$(CONFDIR)/auditd-lite.conf"; \
		rm -f $(DESTDIR)$(CONFDIR)/auditd-lite.conf; \
	elif [ -e $(DESTDIR)$(CONFDIR)/auditd-lite.conf ]; then \
		echo "keeping $(DESTDIR)$(CONFDIR)/auditd-lite.conf: it was changed"; \
	fi
	rmdir $(DESTDIR)$(CONFDIR) 2>/dev/null || true
ifeq ($(DESTDIR),)
	depmod -a $(MODULE_RELEASE)
	if [ -d /run/systemd/system ]; then systemctl daemon-reload; fi
endif

# The module's sources go to /usr/src/auditlite-VERSION, whence DKMS builds
# and installs it for KDIR's release now, and for every kernel installed
# later. An earlier dkms-install of the same version is replaced.
DKMS_SRC := /usr/src/auditlite-$(VERSION)
dkms-install:
	@test -n "$(MODULE_RELEASE)" || { echo "no kernel tree at KDIR=$(KDIR)" >&2; exit 1; }
	if dkms status -m auditlite -v $(VERSION) | grep -q .; then \
		dkms remove -m auditlite -v $(VERSION) --all; fi
	rm -rf $(DKMS_SRC)
	install -d $(DKMS_SRC)
	cp -R Kbuild dkms.conf src include $(DKMS_SRC)/
	dkms add -m auditlite -v $(VERSION)
	dkms build -m auditlite -v $(VERSION) -k $(MODULE_RELEASE)
	dkms install -m auditlite -v $(VERSION) -k $(MODULE_RELEASE)

style:
	@tools/style.sh

# Against KDIR: sparse on every file of the module and the sample caller.
sparse:
	@test -n "$(KDIR)" || { echo "no kernel headers: set KDIR or run tools/setup-deps.sh" >&2; exit 1; }
	@tools/build-module.sh $(KDIR) C=2 >/dev/null

CPPCHECK_FLAGS := --enable=warning,style,performance,portability \
	--error-exitcode=1 --quiet -Iinclude -Iuserspace
cppcheck:
	@cppcheck $(CPPCHECK_FLAGS) userspace/*.c tests/unit/*.c

deps:
	@tools/setup-deps.sh

demo: deps
	@tools/demo.sh

check: deps
	@tools/check.sh unit pkg kunit e2e

unit pkg kunit e2e stress: deps
	@tools/check.sh $@

bench: deps
	@tools/bench/bench.sh $(BENCH_ARGS)

# Each deliberate fault of tools/mutants, and the tests that must catch it
# (all of them, or MUTANTS="NN-name ..."); not part of check, which only
# verifies that they still apply.
mutants: deps
	@tools/mutants/run.sh $(MUTANTS)

clean:
	rm -rf $(BUILD)

.PHONY: all module userspace install uninstall dkms-install style sparse \
	cppcheck deps demo check unit pkg kunit e2e stress bench mutants clean
