#!/usr/bin/env python3
"""Contracts at every definition (Linux's kernel-doc, checked as scripts/kernel-doc -none would
warn): every function another file can call (not static) in the kernel's sources needs, right
above its definition, a /** block whose first line is "NAME - what it does", with an @ARG: line
for each parameter and a Context: and a Return: line. Usage: tools/kerneldoc.py [FILE...]
(default: the whole kernel); prints one line per problem and exits 1 if there is any."""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DIRS = ("arch", "kernel", "mm", "sched", "fs", "drivers", "lib")

DEF_START = re.compile(r"^(?!static\b)(?!typedef\b)(?!extern\b)[a-z_][\w \t\*]*?\b(\w+)\s*\(")


def kernel_files():
	for d in DIRS:
		for dirpath, _, names in os.walk(os.path.join(ROOT, d)):
			for n in sorted(names):
				if n.endswith(".c"):
					yield os.path.relpath(os.path.join(dirpath, n), ROOT)


def params(sig):
	"""The parameter names of a C prototype's argument list (no names for 'void' or '...')."""
	inner = sig[sig.index("(") + 1:sig.rindex(")")]
	names = []
	depth, cur = 0, ""
	for ch in inner + ",":
		if ch == "," and depth == 0:
			arg = cur.strip()
			cur = ""
			if not arg or arg in ("void", "..."):
				continue
			m = re.search(r"\(\s*\*\s*(\w+)\s*\)", arg)	# a function pointer
			if not m:
				m = re.search(r"(\w+)\s*(\[[^\]]*\])?\s*$", arg)
			if m:
				names.append(m.group(1))
			continue
		depth += ch in "(["
		depth -= ch in ")]"
		cur += ch
	return names


def check_file(path):
	"""Yield (line, message) for each definition without a well-formed contract."""
	with open(os.path.join(ROOT, path)) as f:
		lines = f.read().split("\n")
	i = 0
	while i < len(lines):
		line = lines[i]
		m = DEF_START.match(line)
		prev = lines[i - 1] if i else ""
		if not m or line.rstrip().endswith(";") or prev.startswith("static"):
			i += 1
			continue
		# The whole prototype, up to the body's brace (a declaration ends with ';' instead).
		j, sig = i, line
		while "{" not in lines[j] and not lines[j].rstrip().endswith(";") and j + 1 < len(lines):
			j += 1
			sig += " " + lines[j].strip()
		if "{" not in lines[j] or sig.count("(") == 0:
			i = j + 1
			continue
		sig = sig[:sig.index("{")]
		name = m.group(1)
		if prev.strip() != "*/":
			yield i + 1, f"{name}(): no kernel-doc block right above the definition"
			i = j + 1
			continue
		k = i - 1
		while k >= 0 and not lines[k].startswith("/**"):
			if lines[k].startswith("/*") or k < i - 80:
				k = -1
				break
			k -= 1
		if k < 0:
			yield i + 1, f"{name}(): the comment above is not a kernel-doc block (/** ... */)"
			i = j + 1
			continue
		block = lines[k:i]
		first = block[1] if len(block) > 1 else ""
		if not re.match(rf"^ \* {re.escape(name)}(\(\))? - \S", first):
			yield i + 1, f"{name}(): the block's first line must be ' * {name} - ...'"
		text = "\n".join(block)
		for p in params(sig):
			if not re.search(rf"^ \* @{re.escape(p)}:", text, re.M) and \
			   not re.search(rf"@{re.escape(p)}\b", text):
				yield i + 1, f"{name}(): parameter '{p}' is not described (@{p}:)"
		if not re.search(r"^ \* Context:", text, re.M):
			yield i + 1, f"{name}(): no 'Context:' line"
		if not re.search(r"^ \*( Context:.*)?\s*Return:|^ \* Return:", text, re.M) and \
		   "Return:" not in text:
			yield i + 1, f"{name}(): no 'Return:' line"
		i = j + 1


def check(files=None):
	"""The problems (one text line each) and a summary line: what main() prints."""
	files = files or list(kernel_files())
	out = [f"{path}:{line}: {msg}" for path in files for line, msg in check_file(path)]
	return out, f"kerneldoc: {len(files)} files, {len(out)} problem(s)"


def main(argv):
	out, summary = check(argv)
	for line in out:
		print(line)
	print(summary)
	return 1 if out else 0


if __name__ == "__main__":
	sys.exit(main(sys.argv[1:]))
