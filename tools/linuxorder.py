#!/usr/bin/env python3
"""Read it beside Linux: checks that the files Spindle mirrors keep Linux 6.1's functions in
Linux's order and in Linux's file. Each tools/linux-order/<file>.txt lists, in order, the
functions Linux 6.1 defines in the file of the same name (sched/X.c is Linux's kernel/sched/X.c);
tools/linux-order/placement.txt says where Linux 6.1 defines each function Spindle defines. Prints one line per function out of order or out of place and exits 1 if there is any.

  tools/linuxorder.py                      check (make check)
  tools/linuxorder.py --report             also print "N of M in Linux's order" per file
  tools/linuxorder.py --regenerate DIR     rewrite the lists from Linux 6.1's source tree in DIR
                                           (tar xf /usr/src/linux-source-6.1.tar.xz, from Debian's
                                           linux-source-6.1 package)
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ktestcheck  # noqa: E402  (tools/ktestcheck.py: comment and macro stripping)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LISTS = os.path.join(ROOT, "tools", "linux-order")

# Spindle file -> Linux 6.1 file of the same name.
FILES = {
	"kernel/kthread.c": "kernel/kthread.c",
	"kernel/smpboot.c": "kernel/smpboot.c",
	"kernel/cpu.c": "kernel/cpu.c",
	"kernel/softirq.c": "kernel/softirq.c",
	"kernel/stop_machine.c": "kernel/stop_machine.c",
	"sched/core.c": "kernel/sched/core.c",
	"sched/fair.c": "kernel/sched/fair.c",
	"sched/rt.c": "kernel/sched/rt.c",
	"sched/idle.c": "kernel/sched/idle.c",
	"sched/stop_task.c": "kernel/sched/stop_task.c",
}

# Where --regenerate looks for the Linux home of a function a mirrored file defines but its Linux
# twin does not.
LINUX_DIRS = ("init", "kernel", "mm", "lib", "drivers/base", "arch/x86/kernel", "arch/x86/mm",
	      "include/linux", "arch/x86/include/asm")

# Where Spindle's own sources are.
SPINDLE_DIRS = ("arch", "kernel", "mm", "sched", "fs", "drivers", "lib", "include")

# Attribute macros that take arguments and may stand before a function's name.
ATTRS = {"__printf", "__scanf", "__attribute__", "__section", "__aligned", "__must_hold",
	 "__acquires", "__releases", "__cond_acquires", "__alloc_size", "__diag_ignore"}


def strip(text):
	"""Blank out comments, string and character literals and preprocessor lines, keeping the
	line structure (tools/ktestcheck.py's stripping)."""
	return ktestcheck.split_macros(ktestcheck.strip_comments(text, True))[0]


def functions(path):
	"""The names of the functions the C file at @path defines, in order, each once."""
	with open(path, errors="replace") as f:
		text = strip(f.read())
	names, seen = [], set()
	depth, stmt = 0, []
	for c in text:
		if depth == 0:
			if c == ";":
				stmt = []
			elif c == "{":
				name = def_name("".join(stmt))
				if name and name not in seen:
					seen.add(name)
					names.append(name)
				stmt = []
				depth = 1
			else:
				stmt.append(c)
		elif c == "{":
			depth += 1
		elif c == "}":
			depth -= 1
	return names


def def_name(head):
	"""The function a top-level 'head {' defines, or None (a struct, an initialiser, ...)."""
	head = " ".join(head.split())
	if "(" not in head or "=" in head.split("(")[0] or not head.endswith(")") and \
	   not re.search(r"\)\s*(__\w+(\([^)]*\))?\s*)*$", head):
		return None
	for m in re.finditer(r"(\w+)\s*\(", head):
		name = m.group(1)
		if name in ATTRS:
			continue
		sd = re.match(r"(?:COMPAT_)?SYSCALL_DEFINE\d", name)
		if sd:
			arg = re.match(r"\s*(\w+)", head[m.end():])
			return "sys_" + arg.group(1) if arg else None
		if re.match(r"^(struct|union|enum)\b", head) and "(" not in head.split("{")[0]:
			return None
		return name
	return None


def read_list(name):
	with open(os.path.join(LISTS, name)) as f:
		return [l.split() for l in f if l.strip() and not l.startswith("#")]


def list_name(spindle):
	return spindle.replace("/", "_") + ".txt"


def check(report=False):
	"""The problems (one text line each, with the per-file counts too if @report) and a summary
	line: what main() prints."""
	out = []
	placement = {}
	for row in read_list("placement.txt"):
		placement[row[0]] = row[1:]
	problems = 0
	for spindle, linux in FILES.items():
		linux_fns = [r[0] for r in read_list(list_name(spindle))]
		index = {fn: i for i, fn in enumerate(linux_fns)}
		ours = functions(os.path.join(ROOT, spindle))
		common = [fn for fn in ours if fn in index]
		keep = longest_in_order(common, index)
		for fn in common:
			if fn not in keep:
				problems += 1
				out.append(f"{spindle}: {fn}() is out of Linux's order "
					   f"({where(fn, keep, linux_fns)})")
		for fn in ours:
			if fn in index:
				continue
			homes = placement.get(fn)
			if homes and linux not in homes:
				problems += 1
				out.append(f"{spindle}: {fn}() lives in Linux 6.1's {', '.join(homes)}")
		if report:
			out.append(f"{spindle}: {len(keep)} of {len(common)} shared functions in Linux's "
				   f"order, {len(ours) - len(common)} of its own")
	return out, (f"linuxorder: {len(FILES)} files, {problems} function(s) out of Linux's order "
		     f"or file"), problems


def longest_in_order(seq, index):
	"""The largest set of @seq's names whose order agrees with @index (a longest increasing
	subsequence, O(n^2): the files are small)."""
	n = len(seq)
	best, prev = [1] * n, [-1] * n
	for i in range(n):
		for j in range(i):
			if index[seq[j]] < index[seq[i]] and best[j] + 1 > best[i]:
				best[i], prev[i] = best[j] + 1, j
	keep, i = set(), max(range(n), key=lambda k: best[k]) if n else -1
	while i >= 0:
		keep.add(seq[i])
		i = prev[i]
	return keep


def where(fn, keep, linux_fns):
	"""Which kept function @fn follows in Linux's file."""
	i = linux_fns.index(fn)
	for k in range(i - 1, -1, -1):
		if linux_fns[k] in keep:
			return f"Linux has it after {linux_fns[k]}()"
	return "Linux has it first"


def regenerate(tree):
	os.makedirs(LISTS, exist_ok=True)
	for spindle, linux in FILES.items():
		fns = functions(os.path.join(tree, linux))
		with open(os.path.join(LISTS, list_name(spindle)), "w") as f:
			f.write(f"# Linux 6.1 {linux}: its functions in order (tools/linuxorder.py --regenerate)\n")
			f.writelines(fn + "\n" for fn in fns)
	# Every function Spindle defines anywhere, so that one moved into a mirrored file later is
	# caught without regenerating.
	wanted = set()
	for d in SPINDLE_DIRS:
		for dirpath, _, names in os.walk(os.path.join(ROOT, d)):
			for name in names:
				if name.endswith((".c", ".h")):
					wanted.update(functions(os.path.join(dirpath, name)))
	homes = {}
	for d in LINUX_DIRS:
		for dirpath, _, names in os.walk(os.path.join(tree, d)):
			for name in sorted(names):
				if not name.endswith((".c", ".h")):
					continue
				path = os.path.join(dirpath, name)
				rel = os.path.relpath(path, tree)
				for fn in functions(path):
					if fn in wanted:
						homes.setdefault(fn, []).append(rel)
	with open(os.path.join(LISTS, "placement.txt"), "w") as f:
		f.write("# Where Linux 6.1 defines each function Spindle defines (tools/linuxorder.py\n"
			"# --regenerate); absent: Spindle's own.\n")
		for fn in sorted(homes):
			f.write(fn + " " + " ".join(sorted(set(homes[fn]))) + "\n")


def main():
	args = sys.argv[1:]
	if args[:1] == ["--regenerate"] and len(args) == 2:
		regenerate(args[1])
		return 0
	if args not in ([], ["--report"]):
		print(__doc__, file=sys.stderr)
		return 2
	out, summary, problems = check(args == ["--report"])
	for line in out:
		print(line)
	print(summary)
	return 1 if problems else 0


if __name__ == "__main__":
	sys.exit(main())
