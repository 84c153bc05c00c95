# SPDX-License-Identifier: GPL-3.0-or-later
# incstat: one readable GNU Makefile.  Outputs go under build/ (build/san with SAN=1).
# the one version number is the header's INCSTAT_VERSION
VERSION   := $(shell sed -n 's/^\#define INCSTAT_VERSION "\(.*\)"/\1/p' include/incstat/util.h)
PREFIX    ?= /usr/local
DESTDIR   ?=
CC        ?= cc
PKGS      := gsl cairo pangocairo zlib libpng sqlite3 expat jansson
DEPS_APT  := build-essential pkg-config libgsl-dev libcairo2-dev libpango1.0-dev zlib1g-dev libpng-dev libcmocka-dev fonts-dejavu-core libsqlite3-dev libexpat1-dev libreadstat-dev libjansson-dev
# libraries without a pkg-config file: ReadStat (libreadstat-dev ships none)
LIBS_NOPC := -lreadstat

ifeq ($(SAN),1)
BUILD     := build/san
SANFLAGS  := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
OPT       ?= -O1 -g
else
BUILD     := build
SANFLAGS  :=
OPT       ?= -O2 -g
endif

WARN      := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes
STD       := -std=c11 -D_POSIX_C_SOURCE=200809L
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CFLAGS_ALL = $(STD) $(OPT) $(WARN) $(SANFLAGS) -fPIC -fno-semantic-interposition -Iinclude -Isrc $(PKG_CFLAGS) $(CFLAGS)
# where the library finds the shipped boundaries once installed (datasets/*.geojson),
# unless the caller names another folder (the CLI: $INCSTAT_GEO_DIR, datasets/ beside it)
DATADIR   := $(PREFIX)/share/incstat
$(BUILD)/src/api/call_map.o $(BUILD)/testing/src/api/call_map.o: CFLAGS += -DINCSTAT_DATADIR='"$(DATADIR)"'
LDLIBS_ALL = $(PKG_LIBS) $(LIBS_NOPC) -lpthread -lm $(LDLIBS)

LIB_SRC   := $(sort $(wildcard src/core/*.c src/io/*/*.c src/stats/*.c src/chart/*.c src/report/*.c src/api/*.c))
CLI_SRC   := $(sort $(wildcard src/cli/*.c))
TEST_SRC  := $(sort $(wildcard tests/test_*.c))
LIB_OBJ   := $(LIB_SRC:%.c=$(BUILD)/%.o)
TLIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/testing/%.o)
CLI_OBJ   := $(CLI_SRC:%.c=$(BUILD)/%.o)
TESTS     := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)

STATIC    := $(BUILD)/libincstat.a
SHARED    := $(BUILD)/libincstat.so
TSTATIC   := $(BUILD)/testing/libincstat-testing.a
BIN       := $(BUILD)/incstat

.PHONY: all check check-large demo bench fuzz install uninstall clean deps docs python r
all: $(STATIC) $(SHARED) $(BIN)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -MMD -MP -c $< -o $@

# The test suite's copy of the library has the allocation-failure hook.
$(BUILD)/testing/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -DINCSTAT_TESTING -MMD -MP -c $< -o $@

$(STATIC): $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(TSTATIC): $(TLIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(SHARED): $(LIB_OBJ)
	$(CC) -shared -Wl,-soname,libincstat.so.0 $(SANFLAGS) -o $@ $^ $(LDLIBS_ALL)

$(BIN): $(CLI_OBJ) $(STATIC)
	$(CC) $(SANFLAGS) -o $@ $(CLI_OBJ) $(STATIC) $(LDLIBS_ALL)

$(BUILD)/tests/%: tests/%.c tests/helpers.h $(TSTATIC)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -DINCSTAT_TESTING -Itests -o $@ $< $(TSTATIC) $(LDLIBS_ALL) -lcmocka

# The Python package (python/), built in place against the static library
# with Debian's python3 (docs/python.md).
python:
	$(MAKE) SAN= build/libincstat.a
	cd python && /usr/bin/python3 setup.py -q build_ext --inplace

check: all $(TESTS)
	@bash tests/run.sh $(BUILD) $(TESTS)

# The R package (r/) against the in-tree static library, installed into
# build/r-lib: an incstat.pc of the tree (build/r/pkgconfig) that links
# build/libincstat.a, so nothing needs installing.  --preclean: a changed
# library is always linked again.
R_LIB := build/r-lib
R_PC  := build/r/pkgconfig/incstat.pc
r: build/libincstat.a
	@mkdir -p $(dir $(R_PC)) $(R_LIB)
	@printf '%s\n' 'libdir=$(abspath build)' 'includedir=$(abspath include)' '' \
	  'Name: incstat' 'Description: incstat, the build tree' 'Version: $(VERSION)' \
	  'Requires: $(PKGS)' 'Libs: $${libdir}/libincstat.a $(LIBS_NOPC) -lpthread -lm' \
	  'Cflags: -I$${includedir}' > $(R_PC)
	@mkdir -p r/inst/extdata && cp datasets/*.geojson r/inst/extdata/
	PKG_CONFIG_PATH=$(abspath $(dir $(R_PC)))$${PKG_CONFIG_PATH:+:$$PKG_CONFIG_PATH} \
	  R CMD INSTALL --preclean --no-multiarch -l $(R_LIB) r > build/r/install.log 2>&1 || \
	  { tail -30 build/r/install.log; exit 1; }
	@echo "R package incstat installed in $(R_LIB) (library(incstat, lib.loc = \"$(R_LIB)\"))"

# More than 2^31 rows through the loader and a summary (minutes; make check
# runs the 4 GB part of the same test).
check-large: $(BUILD)/tests/test_large
	INCSTAT_LARGE=1 $(BUILD)/tests/test_large

DEMO_DATA := datasets/pbc_suicide_attacks_ver11_2017-11-30.csv
UCDP_DATA := datasets/ucdp_organized_violence_country_year_v25_1.csv
UCDP_PK   := --where country=Pakistan
demo: deps all
	@mkdir -p plots
	$(BIN) inspect $(DEMO_DATA)
	$(BIN) summary --quiet --format table $(DEMO_DATA)
	$(BIN) summary --quiet --headline $(DEMO_DATA)
	$(BIN) summary --quiet --estimate high --to 2016 --total $(DEMO_DATA)
	$(BIN) trend --quiet $(DEMO_DATA)
	$(BIN) chart bar --quiet $(DEMO_DATA) -o plots/killed_by_year.png
	$(BIN) chart bar --quiet $(DEMO_DATA) -o plots/killed_by_year.pdf
	$(BIN) chart bar --quiet $(DEMO_DATA) -o plots/killed_by_year.svg
	$(BIN) chart line --quiet --trend auto --changepoints $(DEMO_DATA) -o plots/killed_trend.png
	$(BIN) chart range --quiet --band $(DEMO_DATA) -o plots/killed_range.png
	$(BIN) chart stacked --quiet --by admin1 $(DEMO_DATA) -o plots/killed_by_province.png
	$(BIN) chart heatmap --quiet $(DEMO_DATA) -o plots/killed_by_month.png
	$(BIN) chart multiples --quiet --by admin1 $(DEMO_DATA) -o plots/killed_by_province_panels.png
	$(BIN) chart map --quiet --title "Suicide attacks in Pakistan, 1995-2017: where, and how many were killed" $(DEMO_DATA) -o plots/map_suicide_attacks.png
	$(BIN) chart map --quiet --title "Suicide attacks in Pakistan, 1995-2017: where, and how many were killed" $(DEMO_DATA) -o plots/map_suicide_attacks.pdf
	$(BIN) chart map --quiet --fill admin1 --periods 1995-2006,2007-2010,2011-2017 $(DEMO_DATA) -o plots/map_provinces.png
	@if $(BIN) help report >/dev/null 2>&1; then \
	  $(BIN) report --quiet $(DEMO_DATA) -o plots/report.pdf && \
	  $(BIN) report --quiet $(DEMO_DATA) -o plots/report.html; fi
	@echo "== The 2023 peak, checked: UCDP Organized Violence, Pakistan, 1989-2024"
	$(BIN) summary --quiet --format table $(UCDP_PK) $(UCDP_DATA)
	$(BIN) claim --quiet --year 2023 --highest-since 2015 $(UCDP_PK) $(UCDP_DATA)
	$(BIN) claim --quiet --year 2023 --more-than 1600 $(UCDP_PK) $(UCDP_DATA) || test $$? = 3
	$(BIN) claim --quiet --year 2023 --highest-since 2015 --format json $(UCDP_PK) $(UCDP_DATA)
	$(BIN) chart claim --quiet --year 2023 --highest-since 2015 --more-than 1600 --from 2010 $(UCDP_PK) $(UCDP_DATA) \
	  --source "UCDP Organized Violence country-year dataset v25.1 (CC BY 4.0)" -o plots/pakistan_2023_claim.png
	$(BIN) report --quiet $(UCDP_PK) --claim "2023 highest-since 2015" --claim "2023 more-than 1600" \
	  --title "Pakistan: people killed in organized violence, 1989-2024" \
	  $(UCDP_DATA) -o plots/pakistan_2023_report.pdf
	$(BIN) report --quiet $(UCDP_PK) --claim "2023 highest-since 2015" --claim "2023 more-than 1600" \
	  --title "Pakistan: people killed in organized violence, 1989-2024" \
	  $(UCDP_DATA) -o plots/pakistan_2023_report.html
	@echo "== Alerts: suicide attacks by province at the end of 2007 against 2002-2006 (PBC)"
	$(BIN) alerts --quiet --by admin1 --period year --baseline 5 --to 2007 $(DEMO_DATA)
	@echo "charts and reports written to plots/"

# The man page's option sections and the bash completion, from the option
# tables in src/cli (the CLI tests fail while they are stale).
docs: $(BIN)
	bash src/cli/docs.sh $(BIN) write

# Installs missing build dependencies when run as root, otherwise says how.
deps:
	@missing=""; for p in $(DEPS_APT); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else echo "missing packages; run: sudo apt-get install -y$$missing"; exit 1; fi; \
	fi

bench: all
	@bash bench/run.sh $(BIN)

fuzz:
	@bash tests/fuzz/run.sh

install: all
	install -d $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/include/incstat \
	  $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/pkgconfig $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 644 $(STATIC) $(DESTDIR)$(PREFIX)/lib/libincstat.a
	install -m 755 $(SHARED) $(DESTDIR)$(PREFIX)/lib/libincstat.so.$(VERSION)
	ln -sf libincstat.so.$(VERSION) $(DESTDIR)$(PREFIX)/lib/libincstat.so.0
	ln -sf libincstat.so.0 $(DESTDIR)$(PREFIX)/lib/libincstat.so
	install -m 644 include/incstat.h $(DESTDIR)$(PREFIX)/include/incstat.h
	install -m 644 include/incstat/*.h $(DESTDIR)$(PREFIX)/include/incstat/
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/incstat
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(VERSION)|' incstat.pc.in \
	  > $(DESTDIR)$(PREFIX)/lib/pkgconfig/incstat.pc
	install -m 644 docs/incstat.1 $(DESTDIR)$(PREFIX)/share/man/man1/incstat.1
	install -d $(DESTDIR)$(DATADIR)
	install -m 644 datasets/pakistan_provinces_ne10m.geojson datasets/world_countries_ne110m.geojson $(DESTDIR)$(DATADIR)/
	install -d $(DESTDIR)$(PREFIX)/share/bash-completion/completions
	install -m 644 docs/incstat.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/incstat

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/lib/libincstat.a $(DESTDIR)$(PREFIX)/lib/libincstat.so \
	  $(DESTDIR)$(PREFIX)/lib/libincstat.so.0 $(DESTDIR)$(PREFIX)/lib/libincstat.so.$(VERSION) \
	  $(DESTDIR)$(PREFIX)/include/incstat.h $(DESTDIR)$(PREFIX)/bin/incstat \
	  $(DESTDIR)$(PREFIX)/lib/pkgconfig/incstat.pc $(DESTDIR)$(PREFIX)/share/man/man1/incstat.1 \
	  $(DESTDIR)$(PREFIX)/share/bash-completion/completions/incstat
	rm -rf $(DESTDIR)$(PREFIX)/include/incstat $(DESTDIR)$(DATADIR)

clean:
	rm -rf build python/build python/incstat/*.so

-include $(shell find build -name '*.d' 2>/dev/null)
