#!/usr/bin/env python3
"""Docs that name only what exists: scans README.md and docs/*.md and reports, one line each as
DOC:LINE: what, every

  - repository path (`kernel/kthread.c`, tools/trace.py, tests/run, kernel/time/, docs/*.md,
    `linux/kthread.h` as the sources include it, kernel/main.c:25, a link's target) that
    matches nothing, or whose :LINE is past the file's end;
  - function written as `name()` in backticks that no .c/.h/.S/.py file of the repository has
    as an identifier followed by '(' (outside comments and strings), as a #define, as an
    assembly label or as a system call (SYSCALL_DEFINEn(name, ...));
  - function a doc places in a file ("`a()` and `b()` in kernel/cpu.c", "`a()` (`mm/mm.c`)",
    "kernel/cpu.c's `a()`", or a table row whose first column, headed Spindle or file, names
    the files) that the file does not have;
  - line of a gdb transcript (a code block) that does not match the code: a breakpoint's
    "file FILE, line N." outside the function broken on, a "FUNC (...) at FILE:N" whose line N
    is not in FUNC, a source line "N  text" that is not line N of the file gdb stopped in;
  - picture whose SVG is not what tools/diagram.py makes of its source (docs/src/*.txt);
  - self-test suite that docs/README.md's table of suites names and tests/ lacks, or that
    tests/ has and the table lacks.

What a doc gives as Linux's is not Spindle's to have: a name or path with the word "Linux"
earlier in its sentence or table cell ("Linux's `balance_push()`", "as Linux 6.1 does in
`kernel/sched/core.c`"), or in a table column whose heading says Linux, is not checked; nor are
the few C library and firmware functions in OUTSIDE, runtime paths (/proc/..., /init) and build
output (build/...).

Usage: tools/doccheck.py [DOC...] (default: README.md and docs/*.md but the generated
docs/linux-differences.md); exits 1 if there is any problem. `make check` and the host-check
row of tests/run run it."""
import glob
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import diagram  # noqa: E402  (tools/diagram.py: the pictures' sources)
import ktestcheck  # noqa: E402  (tools/ktestcheck.py: the self-test suites in the sources)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Where a header named as the sources include it (`linux/kthread.h`, `asm/tlbflush.h`) lives.
INCLUDE_DIRS = (os.path.join(ROOT, "include"), os.path.join(ROOT, "arch", "x86", "include"))
SKIP_DIRS = {".git", "build"}	# build/: generated sources (the kallsyms table)

# Functions outside the repository that a doc names by themselves: musl's posix_spawn() and
# system() (docs/usermode.md) and the UEFI firmware's ExitBootServices() (docs/boot.md).
OUTSIDE = {"posix_spawn", "system", "ExitBootServices"}

PATH_EXT = r"(?:c|h|S|py|md|svg|txt|ld|json|cfg|sh|log)"
TOP_DIRS = sorted(d for d in os.listdir(ROOT) if os.path.isdir(os.path.join(ROOT, d)) and
		  not d.startswith(".") and d != "build")
# A repository path: a file with at least one directory (`kernel/kthread.c`), a file or
# directory under a top-level directory (`tests/run`, `kernel/time/`), or a top-level file.
PATH_RE = re.compile(r"(?<![\w/.~$<>-])((?:[\w.*{},-]+/)+[\w.*{},-]+\." + PATH_EXT +
		     r"|(?:" + "|".join(TOP_DIRS) + r")/(?:[\w.*{},-]+/?)*" +
		     r"|Makefile|linker\.ld|README\.md)(?::(\d+))?(?![\w/])")
# A function placed in a file: "`a()` and `b()` in kernel/cpu.c", "`a()` (`kernel/cpu.c`)",
# "kernel/cpu.c's `a()`".
NAME_LIST = r"((?:`\w+\(\)`(?:'s)?(?:,? and |, | or | / )?)+)"
SOURCE_PATH = r"`?((?:[\w.-]+/)+[\w.-]+\.(?:c|h|S|py))`?"
PLACED = ((re.compile(NAME_LIST + r"\s+(?:in|from|of) " + SOURCE_PATH), 1, 2),
	  (re.compile(NAME_LIST + r" \(" + SOURCE_PATH + r"\)"), 1, 2),
	  (re.compile(r"(?<![\w/`])" + SOURCE_PATH + r"(?:'s|:) " + NAME_LIST), 2, 1))
LINK_RE = re.compile(r"\]\(([^)\s#]+)(?:#[^)]*)?\)")
CALL_RE = re.compile(r"(?<![\w.>$-])([A-Za-z_]\w*)\(\)")
TICKS_RE = re.compile(r"`([^`]+)`")
SENTENCE_END = re.compile(r"[.!?][)'\"]?\s+(?=[A-Z`(])")
NEW_PARAGRAPH = re.compile(r"^\s*(#|\||[-*] |\d+\. |$)")
GDB_WHERE = re.compile(r"(?:^#(\d+) .*?|^|\s)(\w+) \(.*\) at ([\w/.-]+\.(?:c|h|S)):(\d+)$")
GDB_BREAK = re.compile(r"^\(gdb\) h?break (\w+)$")
GDB_BREAK_AT = re.compile(r"file ([\w/.-]+\.(?:c|h|S)), line (\d+)\.$")
GDB_SOURCE = re.compile(r"^(\d+)\s+(.*)$")
C_DEFINITION = re.compile(r"^[A-Za-z_][\w \t*]*?\b(\w+)\s*\([^;]*$")
ASM_LABEL = re.compile(r"^([A-Za-z_]\w*):|^SYM_\w*START\w*\((\w+)")
SOURCE_CODE = re.compile(r"//[^\n]*|/\*.*?\*/|\"(?:\\.|[^\"\\\n])*\"|'(?:\\.|[^'\\\n])*'", re.S)
PY_CODE = re.compile(r'"""(?:.|\n)*?"""|\'\'\'(?:.|\n)*?\'\'\'|#[^\n]*|"(?:\\.|[^"\\\n])*"|'
		     r"'(?:\\.|[^'\\\n])*'")


def source_files():
	"""The repository's .c, .h, .S and Python files (a Python script may have no suffix)."""
	for dirpath, dirs, names in os.walk(ROOT):
		dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS)
		for n in sorted(names):
			path = os.path.join(dirpath, n)
			if n.endswith((".c", ".h", ".S", ".py")):
				yield path
			elif "." not in n and os.path.isfile(path):
				with open(path, "rb") as f:
					first = f.readline()
				if first.startswith(b"#!") and b"python" in first:
					yield path


def known_names():
	"""Every identifier followed by '(' in code (not in comments or strings), every #define and
	every assembly label or symbol the repository's sources have."""
	names = set()
	for path in source_files():
		with open(path, errors="replace") as f:
			text = f.read()
		if path.endswith((".c", ".h", ".S")):
			names.update(re.findall(r"^\s*#\s*define\s+(\w+)", text, re.M))
			# A system call is named by what it is to user space: SYSCALL_DEFINE3(ioctl, ...).
			names.update(re.findall(r"\bSYSCALL_DEFINE\w*\(\s*(\w+)", text))
			code = SOURCE_CODE.sub(lambda m: "\n" * m.group(0).count("\n"), text)
			if path.endswith(".S"):
				names.update(re.findall(r"^\s*(\w+):", code, re.M))
				names.update(re.findall(r"\b(?:SYM_\w+|\.globl|ENTRY)\s*\(?\s*(\w+)", code))
		else:
			code = PY_CODE.sub(lambda m: "\n" * m.group(0).count("\n"), text)
		names.update(re.findall(r"\b([A-Za-z_]\w*)\s*\(", code))
	return names


def expand(pattern):
	"""The paths a doc's {a,b} alternatives stand for."""
	m = re.search(r"\{([^{}]*)\}", pattern)
	if not m:
		return [pattern]
	return [p for alt in m.group(1).split(",")
		for p in expand(pattern[:m.start()] + alt + pattern[m.end():])]


def source_file(path, doc_dir):
	"""Where the file a doc names is: from the top, from the doc's folder or as included."""
	return next((os.path.join(base, path) for base in (ROOT, doc_dir, *INCLUDE_DIRS)
		     if os.path.isfile(os.path.join(base, path))), None)


def path_problem(path, line_no, doc_dir):
	"""Why a path a doc names is wrong, or None."""
	for p in expand(path):
		hits = [h for base in (ROOT, doc_dir, *INCLUDE_DIRS)
			for h in glob.glob(os.path.join(base, p))]
		if not hits:
			return "no such file or directory"
		if line_no is not None:
			with open(hits[0], errors="replace") as f:
				count = sum(1 for _ in f)
			if int(line_no) > count:
				return f"has {count} lines"
	return None


def linux_columns(header):
	"""The indexes of a markdown table's columns whose heading names Linux."""
	cells = header.strip().strip("|").split("|")
	return {i for i, c in enumerate(cells) if "Linux" in c}


def exempt(before, columns, cell_index):
	"""Is what follows the text `before` given as Linux's: the word "Linux" earlier in the same
	sentence (or table cell), or a table cell under a heading that says Linux."""
	if cell_index is not None:
		if cell_index in columns:
			return True
		before = before.rsplit("|", 1)[-1]
	return re.search(r"\bLinux\b", SENTENCE_END.split(before)[-1]) is not None


def check_doc(doc, names):
	"""Yield (line number, message) for each problem of one doc."""
	with open(doc) as f:
		lines = f.read().split("\n")
	doc_dir = os.path.dirname(doc)
	columns, file_column, in_fence, block, para = set(), None, False, False, ""
	gdb = {}
	for n, line in enumerate(lines, 1):
		if line.startswith("```"):
			in_fence = not in_fence
			continue
		block = in_fence or line.startswith("    ") and (block or not lines[n - 2].strip())
		table = line.lstrip().startswith("|")
		if table and n < len(lines) and re.match(r"^\s*\|[\s|:-]+\|\s*$", lines[n]):
			columns = linux_columns(line)
			first = line.strip().strip("|").split("|")[0]
			file_column = "Linux" not in first and re.search(r"Spindle|file", first, re.I)
			continue
		elif not table:
			columns, file_column = set(), None
		if block or NEW_PARAGRAPH.match(line):
			para = ""

		def given_as_linux(pos):
			cell = line[:pos].strip().lstrip("|").count("|") if table else None
			return exempt(para + " " + line[:pos], columns, cell)

		for m in PATH_RE.finditer(line):
			path, line_no = m.group(1), m.group(2)
			if "{" not in path:
				path = path.rstrip(",.")	# the sentence's, not the path's
			if path.startswith("build/") or given_as_linux(m.start()):
				continue
			why = path_problem(path, line_no, doc_dir)
			if why:
				where = path + (f":{line_no}" if line_no else "")
				yield n, f"{where}: {why}"
		if block:
			yield from check_gdb_line(line, n, gdb)
			continue
		gdb.clear()
		for m in LINK_RE.finditer(line):
			target = m.group(1)
			if "://" not in target and not os.path.exists(os.path.join(doc_dir, target)):
				yield n, f"link ({target}): no such file"
		yield from check_placed(line, n, given_as_linux, doc_dir)
		if table and file_column:
			yield from check_table_row(line, n, doc_dir)
		for t in TICKS_RE.finditer(line):
			for m in CALL_RE.finditer(t.group(1)):
				name = m.group(1)
				if name not in names and name not in OUTSIDE and \
				   not given_as_linux(t.start()):
					yield n, f"{name}(): no such function, macro or label in the sources"
		para += " " + line


def check_placed(line, n, given_as_linux, doc_dir):
	"""Yield (line number, message) for each function the line places in a source file that
	does not have it (as an identifier followed by '(', or as an assembly label)."""
	for pattern, names_group, path_group in PLACED:
		for m in pattern.finditer(line):
			path = m.group(path_group)
			found = source_file(path, doc_dir)
			if not found or given_as_linux(m.start()):
				continue	# a missing file is reported as a path
			with open(found, errors="replace") as f:
				text = f.read()
			for name in re.findall(r"`(\w+)\(\)`", m.group(names_group)):
				if not re.search(rf"\b{name}\s*\(|^{name}:", text, re.M):
					yield n, f"{name}() is not in {path}"


def check_table_row(line, n, doc_dir):
	"""Yield (line number, message) for a row of a table whose first column holds Spindle's
	files: each function the second column names must be in one of them, unless the cell
	places it in a file of its own (check_placed() looks at that)."""
	cells = line.strip().strip("|").split("|")
	if len(cells) < 2:
		return
	paths, folder = [], ""
	for name in re.findall(r"`([\w./-]+\.(?:c|h|S))`", cells[0]):
		if "/" in name:
			folder = os.path.dirname(name)
		else:	# "`include/linux/ramfs.h`, `initrd.h`": the folder of the one before
			name = os.path.join(folder, name)
		if source_file(name, doc_dir):
			paths.append(source_file(name, doc_dir))
	if not paths:
		return
	text = ""
	for path in paths:
		with open(path, errors="replace") as f:
			text += f.read()
	placed = {name for pattern, names_group, _ in PLACED for m in pattern.finditer(cells[1])
		  for name in re.findall(r"`(\w+)\(\)`", m.group(names_group))}
	for name in re.findall(r"`(\w+)\(\)`", cells[1]):
		if name not in placed and not re.search(rf"\b{name}\s*\(|^{name}:", text, re.M):
			yield n, f"{name}() is in none of {cells[0].strip()}"


def source_lines(path):
	with open(os.path.join(ROOT, path), errors="replace") as f:
		return f.read().split("\n")


def enclosing_function(path, line_no):
	"""The function whose definition (C, at column 0) or label (assembly) is the last one at or
	above line line_no of the file, or None."""
	src = source_lines(path)
	pattern = ASM_LABEL if path.endswith(".S") else C_DEFINITION
	for k in range(min(line_no, len(src)) - 1, -1, -1):
		m = pattern.match(src[k])
		if m:
			return next(g for g in m.groups() if g)
	return None


def named(function):
	return function + "()" if function else "no function"


def check_gdb_line(line, n, gdb):
	"""Yield (line number, message) for one line of a gdb transcript in a code block, with
	`gdb` keeping what earlier lines of the block set: the function of the last "(gdb) break
	FUNC" (or hbreak), whose "file FILE, line N." must lie in FUNC; the file of the last stop
	("FUNC (...) at FILE:N" but a backtrace's outer frames), whose lines gdb prints as
	"N<TAB>source", each of which must be line N of that file; and every "FUNC (...) at FILE:N"
	must name the function that holds line N."""
	text = line.strip()
	m = GDB_BREAK.match(text)
	if m:
		gdb["break"] = m.group(1)
		return
	m = GDB_BREAK_AT.search(text)
	if m and "break" in gdb and os.path.isfile(os.path.join(ROOT, m.group(1))):
		found = enclosing_function(m.group(1), int(m.group(2)))
		if found != gdb["break"]:
			yield n, f"{m.group(1)}:{m.group(2)} is in {named(found)}, not {gdb['break']}()"
		return
	m = GDB_WHERE.search(text)
	if m and os.path.isfile(os.path.join(ROOT, m.group(3))):
		frame, func, path, k = m.group(1), m.group(2), m.group(3), int(m.group(4))
		found = enclosing_function(path, k)
		if found != func:
			yield n, f"{path}:{k} is in {named(found)}, not {func}()"
		if frame in (None, "0"):
			gdb["path"], gdb["src"] = path, source_lines(path)
		return
	m = GDB_SOURCE.match(text)
	if m and "src" in gdb:
		k, want = int(m.group(1)), m.group(2).strip()
		got = gdb["src"][k - 1].strip() if k <= len(gdb["src"]) else ""
		if got != want:
			yield n, f"{gdb['path']}:{k} is '{got}', not '{want}'"


def check_suite_table(doc, suites):
	"""Yield (line number, message) for docs/README.md's table of suites: each suite it names
	must exist, and each suite must be in it (reported at the table's heading)."""
	with open(doc) as f:
		lines = f.read().split("\n")
	listed, heading = set(), None
	for n, line in enumerate(lines, 1):
		in_table = heading is not None
		if line.startswith("| suite |"):
			heading = n
		elif in_table and not line.startswith("|"):
			break
		elif in_table and not line.startswith("|---"):
			for name in re.findall(r"`(\w+)`", line.split("|")[1]):
				listed.add(name)
				if name not in suites:
					yield n, f"suite {name}: no such suite in tests/"
	for name in sorted(set(suites) - listed):
		yield heading, f"suite {name} is not in the table of suites"


def default_docs():
	"""README.md and docs/*.md but docs/linux-differences.md: that page is made of the sources'
	`Linux 6.1:` notes, which name Linux's files, and tools/linuxdiff.py --check keeps it."""
	docs = sorted(glob.glob(os.path.join(ROOT, "docs", "*.md")))
	return [os.path.join(ROOT, "README.md")] + \
		[d for d in docs if os.path.basename(d) != "linux-differences.md"]


def check(docs=None):
	"""The problems (one text line each) and a summary line: what main() prints."""
	docs = docs or default_docs()
	names = known_names()
	out = [f"{os.path.relpath(doc, ROOT)}:{n}: {msg}" for doc in docs
	       for n, msg in check_doc(doc, names)]
	index = os.path.join(ROOT, "docs", "README.md")
	if index in docs:
		out += [f"docs/README.md:{n}: {msg}"
			for n, msg in check_suite_table(index, ktestcheck.suites())]
	out += diagram.stale()
	return out, f"doccheck: {len(docs)} docs, {len(out)} problem(s)"


def main(argv):
	out, summary = check([os.path.abspath(a) for a in argv])
	for line in out:
		print(line)
	print(summary)
	return 1 if out else 0


if __name__ == "__main__":
	sys.exit(main(sys.argv[1:]))
