#!/bin/sh
# Runs each command of usr/expected.list on the build host and stores what it printed, but its
# '#' lines, as OUTDIR/NAME.out (after a "# command: ..." line), plus OUTDIR/list (the list
# itself) and OUTDIR/cpio_list (their initramfs lines).
# Usage: gen_expected.sh LIST BINDIR OUTDIR. Fails if a command exits non-zero or writes to stderr.
set -eu
list=$1 bindir=$(cd "$2" && pwd) outdir=$3

mkdir -p "$outdir"
cp "$list" "$outdir/list"
echo 'file /expected/list ${BUILD}/usr/expected/list 644 0 0' > "$outdir/cpio_list.tmp"
grep -v -e '^#' -e '^[[:space:]]*$' "$list" | while read -r name cmd; do
	out=$outdir/$name.out
	echo "# command: $cmd" > "$out.tmp"
	# An empty environment but PATH, so nested commands (taskset ... CMD) find these programs
	# and nothing of the host's environment reaches the output.
	if ! env -i PATH="$bindir" $cmd > "$out.raw" 2> "$out.err" < /dev/null; then
		echo "gen_expected.sh: '$cmd' failed:" >&2; cat "$out.err" >&2; exit 1
	fi
	# Only the lines compared are kept: the '#' lines (PIDs, uname, timing) would make the
	# archive differ from build to build.
	grep -v '^#' "$out.raw" >> "$out.tmp" || true
	rm -f "$out.raw"
	if [ -s "$out.err" ]; then
		echo "gen_expected.sh: '$cmd' wrote to stderr:" >&2; cat "$out.err" >&2; exit 1
	fi
	rm -f "$out.err"
	mv "$out.tmp" "$out"
	echo "file /expected/$name.out \${BUILD}/usr/expected/$name.out 644 0 0" >> "$outdir/cpio_list.tmp"
done
mv "$outdir/cpio_list.tmp" "$outdir/cpio_list"
