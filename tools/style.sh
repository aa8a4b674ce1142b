#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# checkpatch.pl --strict (Debian's linux-source-6.1) on every kernel source
# file: the module, its headers, the KUnit suites and the sample caller.
# Every error, warning and check fails, except one justified where it
# occurs: a comment "checkpatch TYPE: why" on the line reported or in the
# comment block right above it excuses that TYPE there.
#
#   style.sh [FILE...]
set -euo pipefail
. "$(dirname "$0")/lib.sh"

cd "$AUDITLITE_TOP"
[ $# -gt 0 ] || set -- src/*.[ch] include/auditlite/*.h include/uapi/*.h \
	tests/kunit/*.[ch] tools/sample/*.c
checkpatch=$(checkpatch_tree)/scripts/checkpatch.pl

# checkpatch exits non-zero on any finding: its output is what is judged.
out=$(perl "$checkpatch" --strict --no-tree --terse --show-types --no-summary \
	--color=never -f "$@" 2>&1) || true

# Each line of out is "FILE:LINE: LEVEL:TYPE: message"; anything else
# (checkpatch failing to run, say) fails too.
bad=$(awk '
	function excused(file, n, type,    i, line, re) {
		re = "checkpatch " type ": [^ ]"
		if (!(file in lines)) {
			i = 0
			while ((getline line < file) > 0)
				text[file, ++i] = line
			close(file)
			lines[file] = i
		}
		if (text[file, n] ~ re)
			return 1
		for (i = n - 1; i > 0 && text[file, i] ~ /^[ \t]*(\/\*|\*|\/\/)|\*\/[ \t]*$/; i--)
			if (text[file, i] ~ re)
				return 1
		return 0
	}
	match($0, /^[^:]+:[0-9]+: [A-Z]+:[A-Z0-9_]+: /) {
		split($0, f, ":")
		type = f[4]
		sub(/^ +/, "", type)
		if (excused(f[1], f[2] + 0, type)) {
			print "excused: " $0 > "/dev/stderr"
			next
		}
	}
	NF { print }
' <<<"$out")

if [ -n "$bad" ]; then
	echo "$bad" >&2
	die "$(grep -c . <<<"$bad") finding(s) in $# files"
fi
echo "style: $# files clean" >&2
