# ansinh — build, test and run.
#
#   make            build server/ansinhd and client/ansinh
#   make check      install what is missing, build, then every test against a
#                   private throwaway PostgreSQL cluster
#   make demo       install what is missing, build, then the system end to end
#                   on a private cluster under ./var/: a sample district
#                   loaded through the client, and its report
#                   (DEMO=district: the demo district of about 1,500
#                   households, sql/demo/generate.py)
#   make demo-district  the same as make demo DEMO=district
#   make stop       stop what `make demo` started
#   make deps       install the Debian packages the build and tests need
#   make install    install ansinhd, ansinh, their man pages and the systemd
#                   unit under $(DESTDIR)$(PREFIX) (PREFIX=/usr/local)
#   make uninstall  remove what `make install` installed
#   make asan       rebuild with ASan+UBSan and run `make check` with it
#   make valgrind   run the integration tests with the daemon under valgrind
#   make fuzz       build and briefly run the libFuzzer targets (clang)
#   make format     apply .clang-format to every C file (format-check: only look)
#   make bench      issue 8's goals beside their baselines (pgbench, \copy,
#                   redis-benchmark), as ratios; TSV under var/bench/
#   make clean      remove what the build made

CC        ?= cc
PREFIX    ?= /usr/local
DESTDIR   ?=
BINDIR    ?= $(PREFIX)/bin
MANDIR    ?= $(PREFIX)/share/man
UNITDIR   ?= $(PREFIX)/lib/systemd/system
INSTALL   ?= install
PROTOC_C  ?= protoc-c
PG_CONFIG ?= pg_config
PG_INCLUDE := $(shell $(PG_CONFIG) --includedir 2>/dev/null || echo /usr/include/postgresql)

WARNINGS  = -Wall -Wextra -Werror -Wshadow -Wmissing-prototypes \
            -Wstrict-prototypes -Wformat=2 -Wpointer-arith -Wvla
CFLAGS   ?= -O2 -g
SANITIZE ?=
VERSION   = 0.1.0
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE -DANSINH_VERSION=\"$(VERSION)\" $(WARNINGS) -Iproto -I$(PG_INCLUDE) \
             $(CFLAGS) $(SANITIZE) -MMD -MP
ALL_LDFLAGS = $(LDFLAGS) $(SANITIZE)

PROTO_GEN  = proto/ansinh.pb-c.c proto/ansinh.pb-c.h
PROTO_SRCS = proto/ansinh.pb-c.c $(filter-out proto/ansinh.pb-c.c,$(wildcard proto/*.c))
PROTO_OBJS = $(PROTO_SRCS:.c=.o)
SERVER_OBJS = $(patsubst %.c,%.o,$(wildcard server/*.c)) build/migrations.o
MIGRATIONS  = $(sort $(wildcard sql/migrations/*.sql))
# Names the set of migrations, so that removing or renaming one rebuilds
# build/migrations.c too (a removed file makes no prerequisite newer).
MIGRATIONS_STAMP = build/migrations.$(shell echo '$(MIGRATIONS)' | cksum | cut -d' ' -f1)
# The client's code but main.c is one static library: client/ansinh is
# main.o and the library; the unit tests of client code link the library,
# and take from it what they use.
CLIENT_LIB  = client/libansinh.a
CLIENT_OBJS = $(patsubst %.c,%.o,$(filter-out client/main.c,$(wildcard client/*.c)))
UNIT_SRCS  = $(wildcard tests/unit/test_*.c)
UNIT_BINS  = $(UNIT_SRCS:tests/unit/test_%.c=tests/unit/%.t)

SERVER_LIBS = -levent_core -levent_extra -levent_openssl -lssl -lcrypto \
              -lpq -lprotobuf-c
CLIENT_LIBS = -lssl -lcrypto -lprotobuf-c

# Objects are rebuilt when the compiler flags change (e.g. after `make asan`).
FLAGS_STAMP = build/flags.$(shell echo '$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS)' | cksum | cut -d' ' -f1)

# make demo's data set: sample (sql/demo/) or district (sql/demo/generate.py).
DEMO ?= sample

.PHONY: all check check-build unit demo demo-district stop deps clean asan valgrind fuzz bench \
        format format-check install uninstall
.DELETE_ON_ERROR:
# Keep the unit tests' objects (intermediate files) between builds.
.SECONDARY: $(UNIT_SRCS:.c=.o)

all: server/ansinhd client/ansinh

$(FLAGS_STAMP):
	@mkdir -p build && rm -f build/flags.* && touch $@

$(MIGRATIONS_STAMP):
	@mkdir -p build && rm -f build/migrations.[0-9]* && touch $@

$(PROTO_GEN): proto/ansinh.proto
	$(PROTOC_C) --c_out=proto --proto_path=proto proto/ansinh.proto

%.o: %.c $(FLAGS_STAMP) | $(PROTO_GEN)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# Generated code: same warnings, but protoc-c output is not ours to restyle.
proto/ansinh.pb-c.o: proto/ansinh.pb-c.c $(FLAGS_STAMP)
	$(CC) $(ALL_CFLAGS) -Wno-missing-prototypes -c -o $@ $<

# The migrations are compiled into ansinhd: `migrate` needs no files at run
# time and the daemon knows which schema version it expects.
build/migrations.c: $(MIGRATIONS) $(MIGRATIONS_STAMP) server/embed-migrations.sh
	@mkdir -p build
	server/embed-migrations.sh $(MIGRATIONS) > $@

build/migrations.o: build/migrations.c $(FLAGS_STAMP)
	$(CC) $(ALL_CFLAGS) -Iserver -c -o $@ $<

server/ansinhd: $(SERVER_OBJS) $(PROTO_OBJS)
	$(CC) -o $@ $^ $(ALL_LDFLAGS) $(SERVER_LIBS)

$(CLIENT_LIB): $(CLIENT_OBJS)
	rm -f $@
	$(AR) rcs $@ $^

client/ansinh: client/main.o $(CLIENT_LIB) $(PROTO_OBJS)
	$(CC) -o $@ $^ $(ALL_LDFLAGS) $(CLIENT_LIBS)

tests/unit/%.t: tests/unit/test_%.o $(CLIENT_LIB) $(PROTO_OBJS)
	$(CC) -o $@ $^ $(ALL_LDFLAGS) $(CLIENT_LIBS)

tests/tools/rawframe: tests/tools/rawframe.o $(PROTO_OBJS)
	$(CC) -o $@ $^ $(ALL_LDFLAGS) -lssl -lcrypto -lprotobuf-c

tests/tools/flood: tests/tools/flood.o $(PROTO_OBJS)
	$(CC) -o $@ $^ $(ALL_LDFLAGS) -lprotobuf-c

tests/bench/loadgen: tests/bench/loadgen.o $(PROTO_OBJS)
	$(CC) -o $@ $^ $(ALL_LDFLAGS) -lprotobuf-c -lm

# The pgarray unit test exercises daemon code.
tests/unit/pgarray.t: server/pgarray.o
# The operation table's test links the daemon (without its main).
tests/unit/ops.t: $(filter-out server/main.o,$(SERVER_OBJS))
tests/unit/ops.t: LDFLAGS += $(SERVER_LIBS)
# So does the per-address table's.
tests/unit/peer.t: server/peer.o
# And the audit MAC's.
tests/unit/audit_mac.t: server/audit_mac.o

# `make check` and `make demo` are what a newcomer runs on a fresh machine:
# each installs what is missing first (tests/lib/deps.sh: as root it runs
# apt-get, otherwise it prints the one apt command and stops), and only then
# builds. The order is in the recipe, not in the prerequisites, so that
# `make -j` cannot start compiling before the compiler's packages are there
# (tests/static/deps.t checks it).
check:
	tests/lib/deps.sh
	$(MAKE) check-build
	tests/run-all

check-build: all $(UNIT_BINS) tests/tools/rawframe tests/tools/flood tests/bench/loadgen

unit: $(UNIT_BINS)
	prove --exec '' $(UNIT_BINS)

demo:
	tests/lib/deps.sh
	$(MAKE) all
	ANSINH_DEMO=$(DEMO) sql/demo.sh start

# The demo district (sql/demo/generate.py: about 1,500 households) instead
# of the small sample; the same as `make demo DEMO=district`.
demo-district:
	$(MAKE) demo DEMO=district

stop:
	sql/demo.sh stop

deps:
	tests/lib/deps.sh

# The unit's ExecStart names the installed binary (BINDIR).
install: all
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(MANDIR)/man8 $(DESTDIR)$(UNITDIR)
	$(INSTALL) -m 0755 server/ansinhd client/ansinh $(DESTDIR)$(BINDIR)/
	$(INSTALL) -m 0644 man/ansinh.1 $(DESTDIR)$(MANDIR)/man1/ansinh.1
	$(INSTALL) -m 0644 man/ansinhd.8 $(DESTDIR)$(MANDIR)/man8/ansinhd.8
	sed 's|/usr/local/bin/ansinhd|$(BINDIR)/ansinhd|g' server/ansinhd.service \
	    > $(DESTDIR)$(UNITDIR)/ansinhd.service
	chmod 0644 $(DESTDIR)$(UNITDIR)/ansinhd.service

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/ansinhd $(DESTDIR)$(BINDIR)/ansinh \
	    $(DESTDIR)$(MANDIR)/man1/ansinh.1 $(DESTDIR)$(MANDIR)/man8/ansinhd.8 \
	    $(DESTDIR)$(UNITDIR)/ansinhd.service

asan:
	$(MAKE) SANITIZE='-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined' CFLAGS='-O1 -g' check

valgrind: check-build
	ANSINH_VALGRIND=1 tests/run-all

# One style for every C file, applied by the tool (.clang-format);
# tests/static/format.t fails `make check` on any file that differs.
C_SOURCES = $(shell find proto server client tests -name '*.[ch]' ! -name '*.pb-c.[ch]' | sort)
format:
	clang-format -i $(C_SOURCES)

format-check:
	clang-format --dry-run -Werror $(C_SOURCES)

fuzz:
	tests/fuzz/run.sh

bench:
	tests/lib/deps.sh
	$(MAKE) all tests/bench/loadgen
	tests/bench/run.sh

clean:
	rm -f $(PROTO_GEN) proto/*.o proto/*.d server/*.o server/*.d client/*.o client/*.d \
	      tests/unit/*.o tests/unit/*.d tests/unit/*.t server/ansinhd client/ansinh \
	      $(CLIENT_LIB) \
	      tests/tools/*.o tests/tools/*.d tests/tools/rawframe tests/tools/flood \
	      tests/bench/*.o tests/bench/*.d tests/bench/loadgen
	rm -f $(filter-out build/migrations.o,$(SERVER_OBJS))
	rm -rf build tests/fuzz/out

-include $(wildcard proto/*.d server/*.d client/*.d tests/unit/*.d tests/tools/*.d tests/bench/*.d)
