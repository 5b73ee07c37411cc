#!/usr/bin/env python3
"""Host tests of usr/: runs the user programs on this Linux and checks their output, exit status
and system calls (only those Spindle implements), taskset and chrt against util-linux's, and
gen_init_cpio's archive. Prints PASS/FAIL per test and "N passed, N failed".
Usage: usr_test.py BUILD (the directory `make BUILD=... initramfs` built into)."""
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# The system calls Spindle implements (docs/usermode.md); anything else is -ENOSYS there.
ALLOWED = {
	"read", "write", "writev", "ioctl", "exit", "exit_group", "arch_prctl", "set_tid_address",
	"brk", "mmap", "munmap", "getpid", "getppid", "gettid", "sched_yield", "nanosleep",
	"clock_nanosleep", "clock_gettime", "fork", "vfork", "execve", "wait4", "kill",
	"sched_setaffinity", "sched_getaffinity", "sched_setscheduler", "sched_getscheduler",
	"sched_getparam", "getcpu", "uname", "getrandom",
}
# Calls Spindle implements only in part: the arguments strace must show for each.
ARG_RULES = {
	"ioctl": re.compile(r"TIOCGWINSZ"),
	"arch_prctl": re.compile(r"ARCH_SET_FS"),
	"mmap": re.compile(r"MAP_PRIVATE\|MAP_ANONYMOUS"),
	"kill": re.compile(r"SIG(KILL|TERM)"),
}
STRACE_LINE = re.compile(r"^\d+\s+(?:<\.\.\. )?([a-z_][a-z0-9_]*)(\(| resumed>)(.*)")

results = []


def report(name, problems):
	results.append(not problems)
	print(("PASS " if not problems else "FAIL ") + name)
	for p in problems[:8]:
		print("    " + p)
	sys.stdout.flush()


def syscall_problems(trace):
	"""The disallowed system calls (and disallowed arguments) in an strace -f -o file."""
	bad = set()
	with open(trace) as f:
		for line in f:
			m = STRACE_LINE.match(line)
			if not m:
				continue
			name, rest = m.group(1), m.group(3)
			if name not in ALLOWED:
				bad.add(f"system call {name} (not in Spindle's list)")
			elif m.group(2) == "(" and name in ARG_RULES and \
					not ARG_RULES[name].search(rest):
				bad.add(f"{name} with other arguments than Spindle's: {line.strip()}")
	return sorted(bad)


def run(bindir, argv, env=None, trace=True, preexec=None, timeout=120):
	"""Run argv (a program of bindir first on PATH) with an empty environment, under strace -f
	when there is one: (exit status, stdout, stderr, problems with its system calls)."""
	env = dict(env or {}, PATH=bindir)
	prefix, tracefile = [], None
	if trace and STRACE:
		fd, tracefile = tempfile.mkstemp(prefix="usr_test.", suffix=".strace")
		os.close(fd)
		prefix = [STRACE, "-f", "-qq", "-e", "trace=all", "-o", tracefile]
	try:
		p = subprocess.run(prefix + argv, env=env, stdin=subprocess.DEVNULL,
				   capture_output=True, text=True, timeout=timeout,
				   preexec_fn=preexec)
		problems = syscall_problems(tracefile) if tracefile else []
	finally:
		if tracefile:
			os.unlink(tracefile)
	return p.returncode, p.stdout, p.stderr, problems


def compared(text):
	"""The comparison rule of usr/expected.list: lines starting with '#' do not count."""
	return [line for line in text.splitlines() if not line.startswith("#")]


def test_expected(build, bindir):
	"""Each run of usr/expected.list, again: exit 0, nothing on stderr, only Spindle's system
	calls, and output matching what the build stored in the initramfs."""
	with open(os.path.join(ROOT, "usr", "expected.list")) as f:
		entries = [line.split() for line in f if line.strip() and not line.startswith("#")]
	for name, *argv in entries:
		problems = []
		rc, out, err, calls = run(bindir, argv)
		expected = os.path.join(build, "usr", "expected", name + ".out")
		with open(expected) as f:
			want = f.read()
		if rc:
			problems.append(f"exit status {rc}")
		if err:
			problems.append(f"stderr: {err.strip()}")
		if compared(out) != compared(want):
			problems.append(f"output {compared(out)} differs from {expected}: "
					f"{compared(want)}")
		report(f"usr.expected.{name}", problems + calls)


# What must stay exactly so: the lines the initramfs's comparison rests on. (The stored files
# come from the same binaries, so they alone would not notice a wrong line.)
GOLDEN = {
	"hello": ["Hello from user space!"],
	"pingpong": ["pingpong: 100 rounds on CPU 0", "pingpong: 100 rounds done"],
	"forkbomb-lite": ["forkbomb-lite: depth 3 width 2: forking 14 tasks",
			  "forkbomb-lite: 14 of 14 tasks forked and reaped"],
}


def test_golden(build):
	for name, lines in GOLDEN.items():
		with open(os.path.join(build, "usr", "expected", name + ".out")) as f:
			got = compared(f.read())
		report(f"usr.golden.{name}", [] if got == lines else [f"{got} != {lines}"])


PROGRAMS = ("init", "hello", "spin", "pingpong", "forkbomb-lite", "taskset", "chrt", "ubench")


def test_elf(bindir):
	"""Each program is what Spindle's exec loads: a static x86_64 ET_EXEC, no interpreter."""
	for prog in PROGRAMS:
		with open(os.path.join(bindir, prog), "rb") as f:
			elf = f.read()
		e_type, e_machine = struct.unpack_from("<HH", elf, 16)
		phoff, = struct.unpack_from("<Q", elf, 32)
		phentsize, phnum = struct.unpack_from("<HH", elf, 54)
		types = [struct.unpack_from("<I", elf, phoff + i * phentsize)[0] for i in range(phnum)]
		problems = []
		if elf[:5] != b"\x7fELF\x02" or e_machine != 62:
			problems.append("not an ELF64 x86_64 file")
		if e_type != 2:
			problems.append(f"e_type {e_type}, not ET_EXEC (2)")
		if 3 in types or 2 in types:
			problems.append("has PT_INTERP or PT_DYNAMIC: not static")
		report(f"usr.elf.{prog}", problems)


def test_init(bindir):
	rc, out, err, calls = run(bindir, ["init", "--no-children"])
	problems = [] if rc == 0 and re.match(r"init: Spindle user space, PID \d+\n$", out) else \
		[f"exit {rc}, output {out!r} {err!r}"]
	report("usr.init.no_children", problems + calls)
	# No /bin/hello on the host: init reports it, reaps the child's 127, returns (not PID 1).
	rc, out, err, calls = run(bindir, ["init"])
	problems = [] if rc == 0 and re.search(r"init: cannot run /bin/hello: .*\n"
					       r"init: pid \d+ exited with status 127\n$", out) else \
		[f"exit {rc}, output {out!r} {err!r}"]
	report("usr.init.reaps", problems + calls)


def test_ubench(bindir):
	rc, out, err, calls = run(bindir, ["ubench", "-n", "20"])
	names = re.findall(r"^BENCH test=(\S+) n=20 tsc_med=\d+ tsc_p99=\d+$", out, re.M)
	want = ["u_first_touch_page_fault", "u_fork_exit_wait", "u_switch_user_user",
		"u_syscall_getpid"]
	want_rc = 0
	if os.getuid() != 0 and "BENCH test=u_switch_user_user error=-1\n" in out:
		# SCHED_FIFO is root's (EPERM): that benchmark reports its error, ubench exits 1.
		want.remove("u_switch_user_user")
		want_rc = 1
	problems = [] if rc == want_rc and names == want else \
		[f"exit {rc}, output {out!r} {err!r}"]
	report("usr.ubench", problems + calls)
	rc, out, _, _ = run(bindir, ["ubench", "-n", "5", "u_syscall_getpid"], trace=False)
	report("usr.ubench.one", [] if rc == 0 and out.startswith("BENCH test=u_syscall_getpid n=5 ")
	       and out.count("\n") == 1 else [f"exit {rc}, output {out!r}"])


def test_spin(bindir):
	rc, out, err, calls = run(bindir, ["spin", "-c", "0", "2"])
	problems = [] if rc == 0 and re.search(r"^spin: pid \d+ cpu 0: \d+ loops/s$", out, re.M) \
		else [f"exit {rc}, output {out!r} {err!r}"]
	report("usr.spin", problems + calls)


def test_forkbomb_limit(bindir):
	"""The per-user task limit: as root, which the limit does not bind, run it as nobody."""
	if os.getuid() != 0:
		print("SKIP usr.forkbomb.eagain: needs root (to run it as another user)")
		return

	def limited():
		import resource
		resource.setrlimit(resource.RLIMIT_NPROC, (10, 10))
		os.setgid(65534)
		os.setuid(65534)

	rc, out, err, calls = run(bindir, ["forkbomb-lite", "3", "3"], preexec=limited,
				  trace=False)
	m = re.search(r"forkbomb-lite: (\d+) of 39 tasks forked and reaped\n"
		      r"forkbomb-lite: fork failed \(task limit\): stopped early\n$", out)
	report("usr.forkbomb.eagain", [] if rc == 0 and m and int(m.group(1)) < 39 and not err
	       else [f"exit {rc}, output {out!r} {err!r}"])


def sleeper():
	return subprocess.Popen(["sleep", "60"], stdin=subprocess.DEVNULL)


# (tool, arguments): {pid} is a fresh sleeping process for each of the two runs.
UTIL_LINUX_CASES = [
	("taskset", "-p {pid}"), ("taskset", "-pc {pid}"), ("taskset", "-p 1 {pid}"),
	("taskset", "-pc 0 {pid}"), ("taskset", "-p 0x1 {pid}"), ("taskset", "-pc 0-1:2 {pid}"),
	("taskset", "-p 0 {pid}"), ("taskset", "-p zz {pid}"), ("taskset", "-pc 1-0 {pid}"),
	("taskset", "-p 99999999"), ("taskset", "-p x1"), ("taskset", ""), ("taskset", "1"),
	("taskset", "-x"), ("taskset", "-c 0 /nonexistent"), ("taskset", "-c 0 taskset -p 0"),
	("taskset", "1 taskset -cp 0"),
	("chrt", "-p {pid}"), ("chrt", "-f -p 50 {pid}"), ("chrt", "-v -r -p 10 {pid}"),
	("chrt", "-v -o -p 0 {pid}"), ("chrt", "-v -b -R -p 0 {pid}"), ("chrt", "-i -p 0 {pid}"),
	("chrt", "-m"), ("chrt", ""), ("chrt", "-f 0 true"), ("chrt", "-f 100 true"),
	("chrt", "-o 1 true"), ("chrt", "-f zz true"), ("chrt", "-p zz"), ("chrt", "-p 99999999"),
	("chrt", "-f -p 1 99999999"), ("chrt", "-f 5 /nonexistent"), ("chrt", "-x"),
	("chrt", "-v -p 0 {pid}"),
]


def test_util_linux(bindir):
	"""taskset and chrt print what util-linux's print, on stdout and on stderr, and exit
	with the same status, for the same arguments (the target PID written as PID)."""
	for tool, args in UTIL_LINUX_CASES:
		real = shutil.which(tool, path="/usr/bin:/bin")
		name = f"usr.{tool}.util_linux[{args.replace(' ', '_')}]"
		if not real:
			print(f"SKIP {name}: no util-linux {tool} on this host")
			continue
		runs = []
		for prog in (real, os.path.join(bindir, tool)):
			target = sleeper()
			# argv[0] the bare name, which getopt's messages print; the commands the
			# tool runs are found in bindir, for both: util-linux's and ours.
			argv = [tool] + args.format(pid=target.pid).split()
			p = subprocess.run(argv, executable=prog, env={"PATH": bindir},
					   stdin=subprocess.DEVNULL,
					   capture_output=True, text=True, timeout=30)
			target.kill()
			target.wait()
			pid = str(target.pid)
			runs.append((p.returncode, p.stdout.replace(pid, "PID"),
				     p.stderr.replace(pid, "PID")))
		report(name, [] if runs[0] == runs[1] else [f"util-linux: {runs[0]!r}",
							     f"usr/: {runs[1]!r}"])


def newc_entries(data):
	"""Parse a newc archive strictly: [(name, mode, uid, gid, nlink, mtime, rdev, data)]."""
	entries, off = [], 0
	while True:
		hdr = data[off:off + 110]
		if hdr[:6] != b"070701":
			raise ValueError(f"bad magic at {off}")
		f = [int(hdr[6 + 8 * i:14 + 8 * i], 16) for i in range(13)]
		namesize, size = f[11], f[6]
		name = data[off + 110:off + 110 + namesize]
		if not name.endswith(b"\0") or b"\0" in name[:-1]:
			raise ValueError(f"bad name at {off}")
		off += 110 + namesize
		if off % 4:
			if data[off:off + (4 - off % 4)] != b"\0" * (4 - off % 4):
				raise ValueError("non-zero padding")
			off += 4 - off % 4
		body = data[off:off + size]
		off += size
		off += -off % 4
		name = name[:-1].decode()
		if name == "TRAILER!!!":
			if len(data) % 512 or data[off:].strip(b"\0"):
				raise ValueError("archive not zero-padded to 512 bytes")
			return entries
		entries.append((name, f[1], f[2], f[3], f[4], f[5], (f[9], f[10]), body))


def test_cpio(build):
	tool = os.path.join(build, "usr", "gen_init_cpio")
	with tempfile.TemporaryDirectory() as tmp:
		with open(os.path.join(tmp, "f"), "wb") as f:
			f.write(b"hello")
		with open(os.path.join(tmp, "list"), "w") as f:
			f.write("# a comment\n\ndir /bin 755 0 0\nfile /bin/f ${D}/f 644 1 2\n"
				"slink /bin/l f 777 0 0\nnod /dev/console 600 0 0 c 5 1\n")
		env = dict(os.environ, D=tmp, SOURCE_DATE_EPOCH="1234567")
		p = subprocess.run([tool, os.path.join(tmp, "list")], env=env, capture_output=True)
		problems = []
		try:
			got = newc_entries(p.stdout)
		except ValueError as e:
			got, problems = None, [str(e)]
		want = [("bin", 0o40755, 0, 0, 2, 1234567, (0, 0), b""),
			("bin/f", 0o100644, 1, 2, 1, 1234567, (0, 0), b"hello"),
			("bin/l", 0o120777, 0, 0, 1, 1234567, (0, 0), b"f"),
			("dev/console", 0o20600, 0, 0, 1, 1234567, (5, 1), b"")]
		if p.returncode or got != want:
			problems.append(f"exit {p.returncode} {p.stderr!r}: {got} != {want}")
		report("usr.gen_init_cpio.newc", problems)
		with open(os.path.join(tmp, "bad"), "w") as f:
			f.write("file /x /nonexistent 644 0 0\n")
		p = subprocess.run([tool, os.path.join(tmp, "bad")], capture_output=True, text=True)
		report("usr.gen_init_cpio.missing_file",
		       [] if p.returncode and "/nonexistent" in p.stderr else [f"exit {p.returncode}"])
	# The real archive: every program and expected file, unpacked as the list says.
	with open(os.path.join(build, "initramfs.cpio"), "rb") as f:
		names = {e[0]: e for e in newc_entries(f.read())}
	problems = []
	for prog in ["init", "expected/list", "expected/hello.out"] + \
			["bin/" + p for p in PROGRAMS if p != "init"]:
		if prog not in names:
			problems.append(f"{prog} missing")
	if "init" in names:
		with open(os.path.join(build, "usr", "init"), "rb") as f:
			if names["init"][7] != f.read() or names["init"][1] != 0o100755:
				problems.append("/init differs from the built init")
	report("usr.initramfs", problems)


STRACE = shutil.which("strace")


def main():
	build = os.path.abspath(sys.argv[1])
	bindir = os.path.join(build, "usr")
	if not STRACE:
		print("usr_test: no strace on this host: the system-call checks are skipped "
		      "(make deps installs it)")
	test_elf(bindir)
	test_expected(build, bindir)
	test_golden(build)
	test_init(bindir)
	test_spin(bindir)
	test_ubench(bindir)
	test_forkbomb_limit(bindir)
	test_util_linux(bindir)
	test_cpio(build)
	print(f"{results.count(True)} passed, {results.count(False)} failed")
	return 0 if all(results) else 1


if __name__ == "__main__":
	sys.exit(main())
