#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The admin documentation in userspace/ against the code it describes, as
# TAP: the man pages format without a warning; auditd-lite.conf(5) has
# every key of config.c with the defaults, ranges and values its parser
# really has; the sample auditd-lite.conf has every key, parses, and
# leaves every setting at its default; auditlitectl(8) has every key that
# auditlitectl status prints; -h and -V work for both programs;
# auditd-lite(8) has every option, signal and
# record type of auditd-lite.c; systemd-analyze verifies the unit, which
# leaves the directories of the default log and key files writable.
#
#   docs_test.sh [BUILD [TOP]]
#
# BUILD (else $AUDITLITE_BUILD, else TOP/build) holds unit/config_check and
# bin/auditd-lite, which "make -C userspace BUILD=BUILD unit" builds first;
# TOP (else $AUDITLITE_TOP, else the tree this script is in) is the source.
# UNIT_RUN, if set, prefixes each run of config_check (e.g. "valgrind -q").
# The cases are called by name, from the list below.
# shellcheck disable=SC2317
set -uo pipefail

top=${2:-${AUDITLITE_TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}}
build=${1:-${AUDITLITE_BUILD:-$top/build}}
us=$top/userspace
helper=$build/unit/config_check
read -ra run <<<"${UNIT_RUN:-}"

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

tests=(
	docs_man_auditd_lite_8
	docs_man_auditd_lite_conf_5
	docs_man_auditlitectl_8
	docs_conf5_keys
	docs_conf5_defaults
	docs_conf5_ranges
	docs_conf5_values
	docs_sample_keys
	docs_sample_defaults
	docs_sample_examples
	docs_ctl_status_keys
	docs_daemon_options
	docs_help_and_version
	docs_daemon_signals
	docs_daemon_records
	docs_unit
	docs_unit_writable
)

# --- what the code has --------------------------------------------------

# "KEY TYPE" for each entry of config.c's key table, TYPE as CONFIG_T_*.
config_keys() {
	sed -n 's/^[[:space:]]*CONFIG_KEY(\([a-z_]*\), *\(CONFIG_T_[A-Z]*\).*/\1 \2/p' \
		"$us/config.c"
}

# The quoted words of the initializer of config.c's array $1.
config_words() {
	sed -n "/$1\[\] = {/,/};/p" "$us/config.c" | grep -o '"[a-z_]*"' | tr -d '"'
}

# The keys auditlitectl status prints: its table, and the queue lines.
ctl_status_keys() {
	sed -n '/status_keys\[\] = {/,/};/p' "$us/auditlitectl.c" |
		grep -o '"[a-z_]*"' | tr -d '"'
	grep -o 'printf("[a-z_]* %' "$us/auditlitectl.c" | sed 's/printf("\([a-z_]*\) %/\1/'
}

# --- what the pages say -------------------------------------------------

# The text of the line after each .TP in man page $1, in section $2 if
# given, as it reads: macro arguments joined as the macro joins them, font
# changes dropped, \- as -.
man_items() {
	awk -v sect="${2:-}" '
	function macroargs(s,    n, i, c, q, cur, started) {
		n = 0; q = 0; cur = ""; started = 0
		for (i = 1; i <= length(s); i++) {
			c = substr(s, i, 1)
			if (q) {
				if (c == "\"") q = 0; else cur = cur c
				continue
			}
			if (c == "\"") { q = 1; started = 1; continue }
			if (c == " " || c == "\t") {
				if (started) { A[++n] = cur; cur = ""; started = 0 }
				continue
			}
			cur = cur c; started = 1
		}
		if (started) A[++n] = cur
		return n
	}
	function render(line,    m, rest, n, i, out, sep) {
		if (line ~ /^\./) {
			m = line; sub(/[ \t].*/, "", m)
			rest = line
			if (!sub(/^[^ \t]+[ \t]+/, "", rest)) rest = ""
			n = macroargs(rest)
			sep = (m == ".B" || m == ".I") ? " " : ""
			line = ""
			for (i = 1; i <= n; i++) line = line (i > 1 ? sep : "") A[i]
		}
		gsub(/\\f[BIRP]/, "", line)
		gsub(/\\-/, "-", line)
		return line
	}
	/^\.SH/ {
		s = $0; sub(/^\.SH[ \t]+/, "", s); gsub(/"/, "", s)
		insect = (sect == "" || s == sect)
		next
	}
	!insect { next }
	/^\.TP/ { want = 1; next }
	want { want = 0; print render($0) }
	' "$1"
}

# The first word of each item of man page $1 (in section $2).
man_item_words() {
	man_items "$@" | awk '{ print $1 }'
}

# What auditd-lite.conf.5 says of each key in its KEYS section, as lines
# "default KEY VALUE" ("-" when it has none), "range KEY MIN MAX" and
# "values KEY WORD...". Keys are the items outside any .RS.
conf5_fields() {
	awk '
	/^\.SH/ { inkeys = ($0 ~ /^\.SH "?KEYS"?$/); next }
	!inkeys { next }
	/^\.RS/ { depth++; next }
	/^\.RE/ { depth--; next }
	/^\.TP/ { if (!depth) want = 1; next }
	want {
		want = 0; key = $0
		sub(/^\.[A-Z]+[ \t]+/, "", key); gsub(/"/, "", key); sub(/[ \t].*/, "", key)
		next
	}
	/^Default: / {
		v = $0
		if (sub(/^Default: \\fB/, "", v)) { sub(/\\fR.*/, "", v); gsub(/\\-/, "-", v) }
		else v = "-"
		print "default", key, v
		next
	}
	/^Range: / {
		v = $0; gsub(/\\f[BIRP]/, "", v)
		split(v, w, /[ \t]+/)
		print "range", key, w[2], w[4]
		next
	}
	/^Values: / {
		v = $0; out = ""
		while (match(v, /\\fB[^\\]*\\fR/)) {
			out = out " " substr(v, RSTART + 3, RLENGTH - 6)
			v = substr(v, RSTART + RLENGTH)
		}
		print "values", key out
	}
	' "$us/auditd-lite.conf.5"
}

# Whether $1 is among the remaining arguments.
among() {
	local w=$1 x

	shift
	for x in "$@"; do
		[ "$x" = "$w" ] && return 0
	done
	return 1
}

# Run config_check on the file $1 (with -d if $2 is -d): 0 if it parses.
parses() {
	if [ "${2:-}" = -d ]; then
		"${run[@]}" "$helper" -d "$1"
	else
		"${run[@]}" "$helper" "$1"
	fi
}

# Whether the one line "$1" parses as a whole file.
line_parses() {
	printf '%s\n' "$1" >"$tmp/line.conf"
	parses "$tmp/line.conf" 2>/dev/null
}

need_helper() {
	[ -x "$helper" ] && return 0
	echo "no $helper: run make -C userspace BUILD=... unit"
	return 1
}

# --- the cases: each prints why it fails; 77 is a skip ------------------

# The page formats without a warning, every warning on (-ww), through
# man(1) for a terminal as admins read it, and through groff for its
# default device too, which alone warns of unknown fonts.
man_clean() {
	local page=$us/$1 out

	[ -r "$page" ] || { echo "no $page"; return 1; }
	command -v man >/dev/null || { echo "no man(1): install man-db"; return 1; }
	command -v groff >/dev/null || { echo "no groff: install groff-base"; return 1; }
	out=$(LC_ALL=C.UTF-8 MANWIDTH=80 man -l --warnings=w -Tutf8 "$page" 2>&1 >"$tmp/man.out")
	[ -z "$out" ] || { echo "$out"; return 1; }
	[ -s "$tmp/man.out" ] || { echo "man printed nothing for $page"; return 1; }
	out=$(groff -man -ww -z "$page" 2>&1)
	[ -z "$out" ] || { echo "$out"; return 1; }
	return 0
}

docs_man_auditd_lite_8() { man_clean auditd-lite.8; }
docs_man_auditd_lite_conf_5() { man_clean auditd-lite.conf.5; }
docs_man_auditlitectl_8() { man_clean auditlitectl.8; }

docs_conf5_keys() {
	local key type bad=0 items

	items=$(man_item_words "$us/auditd-lite.conf.5" KEYS)
	[ -n "$(config_keys)" ] || { echo "no keys found in config.c"; return 1; }
	while read -r key type; do
		grep -qx "$key" <<<"$items" ||
			{ echo "$key ($type) is not an item of KEYS"; bad=1; }
	done < <(config_keys)
	return "$bad"
}

# The documented defaults, as a file, are all config_init()'s; every key
# documents one, or says it has none.
docs_conf5_defaults() {
	local key type bad=0 what k v

	need_helper || return 1
	conf5_fields >"$tmp/fields"
	: >"$tmp/defaults.conf"
	while read -r key type; do
		grep -q "^default $key " "$tmp/fields" ||
			{ echo "$key: no Default: line"; bad=1; }
	done < <(config_keys)
	while read -r what k v; do
		[ "$what" = default ] && [ "$v" != - ] && echo "$k = $v" >>"$tmp/defaults.conf"
	done <"$tmp/fields"
	[ -s "$tmp/defaults.conf" ] || { echo "no default values documented"; return 1; }
	parses "$tmp/defaults.conf" -d || bad=1
	return "$bad"
}

# Every number key has a range whose top the parser takes, and not one
# more.
docs_conf5_ranges() {
	local key type bad=0 what k lo hi

	need_helper || return 1
	conf5_fields >"$tmp/fields"
	while read -r key type; do
		case $type in
		CONFIG_T_UINT|CONFIG_T_KNOB) ;;
		*) continue ;;
		esac
		grep -q "^range $key " "$tmp/fields" || { echo "$key: no Range: line"; bad=1; }
	done < <(config_keys)
	while read -r what k lo hi; do
		[ "$what" = range ] || continue
		line_parses "$k = $lo" || { echo "$k = $lo is refused"; bad=1; }
		line_parses "$k = $hi" || { echo "$k = $hi is refused"; bad=1; }
		line_parses "$k = $((hi + 1))" && { echo "$k = $((hi + 1)) is taken"; bad=1; }
	done <"$tmp/fields"
	return "$bad"
}

# Each flush, action and seal key lists exactly the words its parser takes.
docs_conf5_values() {
	local key type bad=0 words listed w value

	need_helper || return 1
	conf5_fields >"$tmp/fields"
	while read -r key type; do
		case $type in
		CONFIG_T_FLUSH) mapfile -t words < <(config_words config_flush_names) ;;
		CONFIG_T_ACTION) mapfile -t words < <(config_words config_action_names) ;;
		CONFIG_T_SEAL) mapfile -t words < <(config_words config_seal_names) ;;
		*) continue ;;
		esac
		[ ${#words[@]} -gt 0 ] || { echo "$key: no words found in config.c"; bad=1; continue; }
		read -ra listed < <(sed -n "s/^values $key //p" "$tmp/fields")
		[ ${#listed[@]} -gt 0 ] || { echo "$key: no Values: line"; bad=1; continue; }
		for w in "${listed[@]}"; do
			among "$w" "${words[@]}" || { echo "$key: $w is not a word of config.c"; bad=1; }
		done
		for w in "${words[@]}"; do
			value=$w
			[ "$w" = exec ] && value="exec /bin/true"
			# switch needs somewhere to switch to.
			[ "$w" = switch ] && value=$'switch\nlog_dir = /var/log/other'
			if among "$w" "${listed[@]}"; then
				line_parses "$key = $value" || { echo "$key = $value is refused"; bad=1; }
			else
				line_parses "$key = $value" && { echo "$key = $value is taken but not listed"; bad=1; }
			fi
		done
	done < <(config_keys)
	return "$bad"
}

docs_sample_keys() {
	local key type bad=0

	[ -n "$(config_keys)" ] || { echo "no keys found in config.c"; return 1; }
	while read -r key type; do
		grep -Eq "^#?$key = " "$us/auditd-lite.conf" ||
			{ echo "$key is not in auditd-lite.conf"; bad=1; }
	done < <(config_keys)
	return "$bad"
}

# As it is, the sample parses and sets nothing but the defaults.
docs_sample_defaults() {
	need_helper || return 1
	parses "$us/auditd-lite.conf" -d
}

# Its "#key = value" examples parse too.
docs_sample_examples() {
	need_helper || return 1
	grep -Eq '^#[a-z_]+ = ' "$us/auditd-lite.conf" || { echo "no examples"; return 1; }
	sed -E 's/^#([a-z_]+ = )/\1/' "$us/auditd-lite.conf" >"$tmp/examples.conf"
	parses "$tmp/examples.conf"
}

docs_ctl_status_keys() {
	local key bad=0 items

	items=$(man_item_words "$us/auditlitectl.8" COMMANDS)
	[ -n "$(ctl_status_keys)" ] || { echo "no status keys found in auditlitectl.c"; return 1; }
	for key in $(ctl_status_keys); do
		grep -qx "$key" <<<"$items" || { echo "$key is not an item of COMMANDS"; bad=1; }
	done
	return "$bad"
}

docs_daemon_options() {
	local opts o bad=0 items

	opts=$(grep -o 'getopt\(_long\)\?(argc, argv, "[^"]*"' "$us/auditd-lite.c" |
		sed 's/.*"\(.*\)".*/\1/; s/://g; s/./& /g')
	[ -n "$opts" ] || { echo "no getopt() found in auditd-lite.c"; return 1; }
	items=$(man_item_words "$us/auditd-lite.8" OPTIONS)
	for o in $opts; do
		grep -qx -- "-$o" <<<"$items" || { echo "-$o is not an item of OPTIONS"; bad=1; }
	done
	return "$bad"
}

# -h and --help print the usage on stdout and exit 0; -V and --version
# print the program's name and the version of dkms.conf; for both programs.
docs_help_and_version() {
	local prog opt out bad=0 version

	version=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$top/dkms.conf")
	for prog in auditd-lite auditlitectl; do
		for opt in -h --help; do
			out=$("${run[@]}" "$build/bin/$prog" "$opt" 2>/dev/null) ||
				{ echo "$prog $opt exited $?"; bad=1; continue; }
			grep -q "^usage: $prog" <<<"$out" ||
				{ echo "$prog $opt printed no usage on stdout"; bad=1; }
		done
		for opt in -V --version; do
			out=$("${run[@]}" "$build/bin/$prog" "$opt" 2>/dev/null) ||
				{ echo "$prog $opt exited $?"; bad=1; continue; }
			[ "$out" = "$prog $version" ] || { echo "$prog $opt printed '$out'"; bad=1; }
		done
	done
	return "$bad"
}

docs_daemon_signals() {
	local sigs s bad=0 items

	sigs=$(grep -o 'sigaddset(&mask, SIG[A-Z0-9]*)' "$us/auditd-lite.c" |
		sed 's/.*\(SIG[A-Z0-9]*\))/\1/')
	[ -n "$sigs" ] || { echo "no signals found in auditd-lite.c"; return 1; }
	items=$(man_items "$us/auditd-lite.8" SIGNALS | sed 's/[, ]\{1,\}/\n/g')
	for s in $sigs; do
		grep -qx "$s" <<<"$items" || { echo "$s is not an item of SIGNALS"; bad=1; }
	done
	return "$bad"
}

docs_daemon_records() {
	local name num bad=0 items found=0

	items=$(man_items "$us/auditd-lite.8" RECORDS)
	while read -r name num; do
		found=1
		grep -qxF "$name ($num)" <<<"$items" ||
			{ echo "$name ($num) is not an item of RECORDS"; bad=1; }
	done < <(sed -n 's/^#define[[:space:]]\{1,\}\(DAEMON_[A-Z_]*\)[[:space:]]\{1,\}\([0-9]\{1,\}\).*/\1 \2/p' \
		"$us/auditd-lite.c")
	[ "$found" = 1 ] || { echo "no DAEMON_* types found in auditd-lite.c"; return 1; }
	return "$bad"
}

# systemd-analyze verify, on a copy whose ExecStart= runs the daemon just
# built: verify wants every command to exist, and nothing is installed.
docs_unit() {
	local unit=$us/auditd-lite.service out

	if ! command -v systemd-analyze >/dev/null; then
		echo "no systemd-analyze"
		return 77
	fi
	[ -x "$build/bin/auditd-lite" ] || { echo "no $build/bin/auditd-lite"; return 1; }
	grep -q '^ExecStart=/usr/sbin/auditd-lite -f$' "$unit" ||
		{ echo "ExecStart= is not /usr/sbin/auditd-lite -f"; return 1; }
	mkdir -p "$tmp/unit"
	sed "s|^ExecStart=/usr/sbin/auditd-lite |ExecStart=$build/bin/auditd-lite |" \
		"$unit" >"$tmp/unit/auditd-lite.service"
	out=$(SYSTEMD_LOG_COLOR=0 systemd-analyze verify --man=no \
		"$tmp/unit/auditd-lite.service" 2>&1)
	local rc=$?
	[ "$rc" = 0 ] && [ -z "$out" ] && return 0
	echo "systemd-analyze verify exited $rc${out:+: $out}"
	return 1
}

# The daemon writes where each path key's documented default is (the log
# file, the seal key file): the unit's sandbox (ProtectSystem=strict)
# must leave that directory writable.
docs_unit_writable() {
	local unit=$us/auditd-lite.service key type what k v dir bad=0 rw

	need_helper || return 1
	conf5_fields >"$tmp/fields"
	rw=$(sed -n 's/^ReadWritePaths=//p' "$unit" | tr ' ' '\n' | sed 's/^-//')
	rw+=$'\n'$(sed -n 's/^StateDirectory=//p' "$unit" | tr ' ' '\n' | sed 's|^|/var/lib/|')
	rw+=$'\n'$(sed -n 's/^LogsDirectory=//p' "$unit" | tr ' ' '\n' | sed 's|^|/var/log/|')
	while read -r key type; do
		[ "$type" = CONFIG_T_PATH ] || continue
		while read -r what k v; do
			[ "$what" = default ] && [ "$k" = "$key" ] || continue
			dir=$(dirname "$v")
			grep -qx "$dir" <<<"$rw" ||
				{ echo "$key: $dir is read-only in the unit"; bad=1; }
		done <"$tmp/fields"
	done < <(config_keys)
	return "$bad"
}

echo "TAP version 13"
echo "1..${#tests[@]}"
failed=0
n=0
for t in "${tests[@]}"; do
	n=$((n + 1))
	out=$("$t" 2>&1)
	rc=$?
	if [ "$rc" = 0 ]; then
		echo "ok $n - $t"
	elif [ "$rc" = 77 ]; then
		echo "ok $n - $t # SKIP $(head -n 1 <<<"$out")"
	else
		echo "not ok $n - $t"
		[ -n "$out" ] && printf '%s\n' "$out" | sed 's/^/# /'
		failed=1
	fi
done
exit $failed
