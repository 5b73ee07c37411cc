#!/usr/bin/env python3
"""Host-side checks of the in-kernel test sources (tests/*_test.c), and their inventory.

Two users:

- tests/run imports suites() to know, without booting, which suites the kernel holds and which
  cases each has, so a row can be judged against what it should have run (docs/testing.md,
  "How a row is judged").
- make test runs this file (tests/run's host-check row): it flags every case registered with
  KTEST_CASE()/KTEST_CASE_TIMEOUT() whose function reaches no check. A case reaches a check
  when its own body, or a function of the same file it names (a helper it calls, or a thread
  function it hands to kthread_run(), followed transitively), uses a KTEST_EXPECT_*,
  KTEST_ASSERT_*, KTEST_FAIL or KTEST_ASSERT_FAILURE macro (include/ktest.h), a ktest_fail_*()
  call, or a macro of the file built on one of them. A comparison of two constants
  (KTEST_EXPECT_TRUE(test, true)) does not count: no code under test can make it fail.

It reads C the simple way Spindle's tests are written: top-level function definitions, case
tables of KTEST_CASE() lines, suites with a .name and .cases. Comments and string literals are
blanked before braces are counted, so neither can unbalance them.

Usage: tools/ktestcheck.py [FILE.c ...]   (default: tests/*_test.c)
Output: one "ok"/"FAIL" line per case flagged or counted, then "N passed, N failed"; exit 1 if
any case was flagged.
"""
import glob
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# The checks of include/ktest.h, by name: each records a failure when its condition is false.
CHECK = re.compile(r"\b(KTEST_(?:EXPECT|ASSERT)_\w+|KTEST_FAIL|KTEST_ASSERT_FAILURE|"
		   r"ktest_fail_\w+)\b")
# The checks that fail unconditionally where reached: their arguments are a message.
UNCONDITIONAL = {"KTEST_FAIL", "KTEST_ASSERT_FAILURE"}
CASE = re.compile(r"\bKTEST_CASE(?:_TIMEOUT)?\s*\(\s*(\w+)\s*[,)]")
CASE_TABLE = re.compile(r"\bstruct\s+ktest_case\s+(\w+)\s*\[\s*\]\s*=\s*\{")
SUITE = re.compile(r"\bstruct\s+ktest_suite\s+(\w+)\s*=\s*\{")
REGISTER = re.compile(r"\bktest_register_suite\s*\(\s*(\w+)\s*\)")
IDENT = re.compile(r"\b[A-Za-z_]\w*\b")
# An argument nothing under test can change: a number, true/false or NULL, maybe negated.
CONSTANT = re.compile(r"^\(?\s*[-!~]?\s*(\d[\w.]*|true|false|NULL|'.')\s*\)?$")
KEYWORDS = {"if", "for", "while", "switch", "return", "sizeof", "do", "else"}


def strip_comments(text, blank_strings):
	"""Comments become spaces (newlines kept, so offsets stay line-true); with blank_strings,
	so do the contents of string and character literals."""
	out = []
	i, n = 0, len(text)
	while i < n:
		c = text[i]
		if text.startswith("/*", i):
			end = text.find("*/", i + 2)
			end = n if end < 0 else end + 2
			out.append(re.sub(r"[^\n]", " ", text[i:end]))
			i = end
		elif text.startswith("//", i):
			end = text.find("\n", i)
			end = n if end < 0 else end
			out.append(" " * (end - i))
			i = end
		elif c in "\"'":
			j = i + 1
			while j < n and text[j] != c:
				j += 2 if text[j] == "\\" else 1
			j = min(j + 1, n)
			body = text[i + 1:j - 1]
			out.append(c + (re.sub(r"[^\n]", " ", body) if blank_strings else body) + c)
			i = j
		else:
			out.append(c)
			i += 1
	return "".join(out)


def split_macros(text):
	"""Remove preprocessor lines (with their continuations) from text; return the text and a
	{name: body} map of its #defines."""
	macros = {}
	lines = text.split("\n")
	out = []
	i = 0
	while i < len(lines):
		line = lines[i]
		if line.lstrip().startswith("#"):
			whole = [line]
			while whole[-1].endswith("\\") and i + 1 < len(lines):
				i += 1
				whole.append(lines[i])
			if m := re.match(r"\s*#\s*define\s+(\w+)(.*)", " ".join(whole), re.S):
				macros[m.group(1)] = m.group(2)
			out.extend([""] * len(whole))
		else:
			out.append(line)
		i += 1
	return "\n".join(out), macros


def matching(text, i, open_ch, close_ch):
	"""Index just past the bracket that closes the one at text[i]."""
	depth = 0
	for j in range(i, len(text)):
		if text[j] == open_ch:
			depth += 1
		elif text[j] == close_ch:
			depth -= 1
			if depth == 0:
				return j + 1
	return len(text)


def functions(code):
	"""{name: body} of the top-level function definitions in code (comments, strings and
	preprocessor lines already blanked)."""
	funcs = {}
	i, n = 0, len(code)
	last_end = 0		# where the current top-level declaration began
	while i < n:
		c = code[i]
		if c == ";":
			last_end = i + 1
		elif c == "{":
			end = matching(code, i, "{", "}")
			head = code[last_end:i].rstrip()
			# A definition's head ends with its parameter list; an initializer with "=".
			if head.endswith(")"):
				depth, j = 0, len(head) - 1
				while j >= 0:
					depth += {")": 1, "(": -1}.get(head[j], 0)
					if depth == 0:
						break
					j -= 1
				if m := re.search(r"(\w+)\s*$", head[:j]):
					if m.group(1) not in KEYWORDS:
						funcs[m.group(1)] = code[i:end]
			i = end
			last_end = end
			continue
		i += 1
	return funcs


def call_args(text, start):
	"""The comma-separated top-level arguments of the call whose "(" is at or after start."""
	open_at = text.find("(", start)
	if open_at < 0:
		return []
	end = matching(text, open_at, "(", ")")
	args, depth, cur = [], 0, []
	for ch in text[open_at + 1:end - 1]:
		if ch in "([{":
			depth += 1
		elif ch in ")]}":
			depth -= 1
		if ch == "," and depth == 0:
			args.append("".join(cur).strip())
			cur = []
		else:
			cur.append(ch)
	args.append("".join(cur).strip())
	return args


def real_checks(body, check_names):
	"""The checks in body whose outcome depends on something: every one but a comparison of
	constants. check_names: the check macros and functions, the file's own wrappers included."""
	found = []
	for m in IDENT.finditer(body):
		name = m.group(0)
		if name not in check_names:
			continue
		if name in UNCONDITIONAL or not CHECK.fullmatch(name):
			found.append(name)
			continue
		args = call_args(body, m.end())[1:]	# the first is the struct ktest
		if args and all(CONSTANT.match(a) for a in args):
			continue
		found.append(name)
	return found


class SourceFile:
	"""One test source: its functions, its suites and their cases, and which functions reach a
	check."""

	def __init__(self, path):
		self.path = path
		with open(path, encoding="utf-8", errors="replace") as f:
			raw = f.read()
		# Suite names are string literals: read them before strings are blanked.
		named = strip_comments(raw, blank_strings=False)
		code, macros = split_macros(strip_comments(raw, blank_strings=True))
		self.funcs = functions(code)
		# The file's macros built on a check are checks too (lib_test.c's EXPECT_FMT).
		self.check_names = set(CHECK.findall(code)) | set(
			n for body in macros.values() for n in CHECK.findall(body))
		changed = True
		while changed:
			changed = False
			for name, body in macros.items():
				if name not in self.check_names and any(
						ident in self.check_names for ident in IDENT.findall(body)):
					self.check_names.add(name)
					changed = True
		self.tables = {}
		for m in CASE_TABLE.finditer(named):
			end = matching(named, m.end() - 1, "{", "}")
			self.tables[m.group(1)] = [(c.group(1), named.count("\n", 0, c.start()) + 1)
						   for c in CASE.finditer(named, m.end(), end)]
		registered = set(REGISTER.findall(named))
		self.suites = []
		for m in SUITE.finditer(named):
			if m.group(1) not in registered:
				continue
			end = matching(named, m.end() - 1, "{", "}")
			init = named[m.end():end]
			name = re.search(r"\.name\s*=\s*\"([^\"]*)\"", init)
			cases = re.search(r"\.cases\s*=\s*(\w+)", init)
			if name and cases:
				self.suites.append((name.group(1), self.tables.get(cases.group(1), [])))

	def reaches_check(self, func):
		"""Does func, or a function of this file it names (transitively), hold a check?"""
		seen, pending = set(), [func]
		while pending:
			f = pending.pop()
			if f in seen or f not in self.funcs:
				continue
			seen.add(f)
			body = self.funcs[f]
			if real_checks(body, self.check_names):
				return True
			pending.extend(i for i in IDENT.findall(body) if i in self.funcs and i not in seen)
		return False


def test_sources(paths=None):
	return paths or sorted(glob.glob(os.path.join(ROOT, "tests", "*_test.c")))


def suites(paths=None):
	"""{suite name: [case names in table order]} of every registered suite in the sources."""
	out = {}
	for path in test_sources(paths):
		for name, cases in SourceFile(path).suites:
			out[name] = [c for c, _ in cases]
	return out


def check(paths=None):
	"""[(suite.case, file:line, ok)] for every registered case: ok when it reaches a check."""
	results = []
	for path in test_sources(paths):
		src = SourceFile(path)
		rel = os.path.relpath(path, ROOT)
		for suite, cases in src.suites:
			for case, line in cases:
				ok = case in src.funcs and src.reaches_check(case)
				results.append((f"{suite}.{case}", f"{rel}:{line}", ok))
	return results


def main(argv):
	results = check(argv[1:] or None)
	failed = [r for r in results if not r[2]]
	for name, where, _ in failed:
		print(f"FAIL {name} ({where}): no KTEST_EXPECT_*/KTEST_ASSERT_*/KTEST_FAIL reached "
		      f"from the case's function or the helpers it names")
	if not results:
		print("FAIL no cases found")
	print(f"{len(results) - len(failed)} passed, {len(failed) + (not results)} failed")
	return 1 if failed or not results else 0


if __name__ == "__main__":
	sys.exit(main(sys.argv))
