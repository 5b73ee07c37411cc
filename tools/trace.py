#!/usr/bin/env python3
"""Turn a Spindle trace (the text of /sys/kernel/tracing/trace, in Linux 6.1's ftrace format)
into pictures: a Chrome Trace Event JSON file for Perfetto or chrome://tracing, and an SVG
timeline with one lane per CPU that a browser shows as it is.

	tools/trace.py convert LOG [-o PREFIX] [--cpus N] [--start S] [--end S]
	tools/trace.py record [--iso ISO] [--smp N] [--cmdline OPTS] [--run "CMD; CMD"]
			      [-o PREFIX] [--timeout S]
	tools/trace.py check PREFIX --cpus N [--all-kinds]

convert reads a trace, alone or inside a serial log, and writes PREFIX.json and PREFIX.svg.
record boots the ISO in QEMU with tracing on, types the commands at the console shell, reads
the trace back over the serial line and converts it (make trace). check validates a converted
pair; tests/run imports this file and calls convert_file() and validate() on tools/testdata/.
docs/tracing.md explains what the pictures show and what is inferred. Standard library only.
"""
import argparse
import collections
import colorsys
import contextlib
import json
import math
import os
import re
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ElementTree
import zlib
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

# ---------------------------------------------------------------------------------------------
# Parsing the text

ANSI = re.compile(r"\x1b\[[0-9;?=]*[A-Za-z]|\x1b[()][A-Za-z0-9]|\x1b[=>]")
# "%16s-%-7d [%03d] %c%c%c%c%c %5lu.%06lu: %s: %s" (trace_output.c), with the (TGID) column of
# the record-tgid option allowed. The comm is greedy, so the line splits at the rightmost
# "-PID [CPU]": a comm may hold '-', '/', ':' and even spaces.
EVENT_LINE = re.compile(r"^\s*(?P<comm>.+)-(?P<pid>\d+)\s+(?:\(\s*[\d-]+\)\s+)?"
			r"\[(?P<cpu>\d+)\]\s+(?:[\w.]{4,5}\s+)?(?P<sec>\d+)\.(?P<frac>\d+):\s+"
			r"(?P<event>\w+):\s?(?P<fields>.*)$")
# A line with either half of that shape was meant to be an event: if it does not parse, it was
# cut short or garbled on the way, and is counted as skipped rather than ignored as other text.
CANDIDATE = re.compile(r"-\d+\s+\[\d{3}\]|\d\.\d{6}: \w+: ")
HEADER = re.compile(r"entries-in-buffer/entries-written:\s*(\d+)/(\d+)\s+#P:(\d+)")
# Printed when a CPU's buffer lost its oldest pages (overwrite mode): that lane starts late.
BUFFER_STARTED = re.compile(r"^#+ CPU (\d+) buffer started")
LOST = re.compile(r"^CPU:(\d+) \[LOST (\d+) EVENTS\]")

_WAKEUP = r"comm=(?P<comm>.*) pid=(?P<pid>\d+) prio=(?P<prio>-?\d+)(?: success=1)? " \
	r"target_cpu=(?P<target_cpu>\d+)"
_TASK = r"comm=(?P<comm>.*) pid=(?P<pid>\d+)"
_SOFTIRQ = r"vec=(?P<vec>\d+) \[action=(?P<action>\w+)\]"
_CPUHP = r"cpu:\s*(?P<cpu>\d+)\s+target:\s*(?P<target>-?\d+)\s+step:\s*(?P<step>-?\d+)" \
	r"\s+\((?P<fn>.*)\)"
# The fields of the events the pictures use (TP_printk of include/trace/events/*.h); any other
# event is kept with its text as it came.
FIELDS = {name: re.compile(r"^\s*" + pattern + r"\s*$") for name, pattern in {
	"sched_switch": r"prev_comm=(?P<prev_comm>.*) prev_pid=(?P<prev_pid>-?\d+) "
			r"prev_prio=(?P<prev_prio>-?\d+) prev_state=(?P<prev_state>\S+) ==> "
			r"next_comm=(?P<next_comm>.*) next_pid=(?P<next_pid>-?\d+) "
			r"next_prio=(?P<next_prio>-?\d+)",
	"sched_waking": _WAKEUP,
	"sched_wakeup": _WAKEUP,
	"sched_wakeup_new": _WAKEUP,
	"sched_migrate_task": r"comm=(?P<comm>.*) pid=(?P<pid>\d+) prio=(?P<prio>-?\d+) "
			      r"orig_cpu=(?P<orig_cpu>\d+) dest_cpu=(?P<dest_cpu>\d+)",
	"sched_process_exit": r"comm=(?P<comm>.*) pid=(?P<pid>\d+) prio=(?P<prio>-?\d+)",
	"sched_kthread_stop": _TASK,
	"sched_kthread_stop_ret": r"ret=(?P<ret>-?\d+)",
	"kthread_create": _TASK,
	"kthread_park": _TASK,
	"kthread_unpark": _TASK,
	"cpuhp_enter": _CPUHP,
	"cpuhp_multi_enter": _CPUHP,
	"cpuhp_exit": r"cpu:\s*(?P<cpu>\d+)\s+state:\s*(?P<state>-?\d+)\s+step:\s*(?P<step>-?\d+)"
		      r"\s+ret:\s*(?P<ret>-?\d+)",
	"irq_handler_entry": r"irq=(?P<irq>\d+) name=(?P<name>.*?)",
	"irq_handler_exit": r"irq=(?P<irq>\d+) ret=(?P<result>\w+)",
	"softirq_entry": _SOFTIRQ,
	"softirq_exit": _SOFTIRQ,
	"softirq_raise": _SOFTIRQ,
}.items()}
CPU_FIELDS = ("target_cpu", "orig_cpu", "dest_cpu", "cpu")
MAX_CPUS = 1024		# Spindle's NR_CPUS is 64; Linux's can be larger
# The hotplug events: their cpu: field names the CPU acted on.
CPUHP = ("cpuhp_enter", "cpuhp_multi_enter", "cpuhp_exit")
INT_FIELDS = {"prev_pid", "prev_prio", "next_pid", "next_prio", "pid", "prio", "target_cpu",
	      "orig_cpu", "dest_cpu", "ret", "cpu", "target", "step", "state", "irq", "vec"}

# What each kind of line becomes in the JSON: the "cat" of the events made from it. An exit
# line makes nothing of its own (it ends its entry's slice); other events keep their name.
JSON_CAT = {"irq_handler_entry": "irq_handler", "irq_handler_exit": None,
	    "softirq_entry": "softirq", "softirq_exit": None}
# Every kind the sample traces must show (tests/run, check --all-kinds); "offline" is the
# inferred period of a CPU taken down.
KINDS = ("sched_switch", "sched_wakeup", "sched_wakeup_new", "sched_migrate_task",
	 "sched_process_exit", "sched_kthread_stop", "sched_kthread_stop_ret", "kthread_create",
	 "kthread_park", "kthread_unpark", "cpuhp_enter", "cpuhp_exit", "irq_handler", "softirq",
	 "softirq_raise", "offline")


@dataclass
class Event:
	ts: int			# microseconds
	cpu: int		# the CPU that recorded it
	comm: str		# the task running there when it was recorded
	pid: int
	name: str
	f: dict			# its fields; {"text": ...} for an event not in FIELDS


@dataclass
class Trace:
	events: list
	cpus_header: int = 0		# #P: of the header, the CPUs online when it was printed
	entries: tuple = ()		# (in buffer, written): fewer in than written: overwritten
	started_late: set = field(default_factory=set)
	lost: dict = field(default_factory=dict)
	skipped: list = field(default_factory=list)	# (line number, text)


def parse_fields(name, text):
	"""The fields of one event as a dict, or None when an event the pictures use is garbled."""
	pattern = FIELDS.get(name)
	if pattern is None:
		return {"text": text.strip()}
	m = pattern.match(text)
	if not m:
		return None
	return {k: int(v) if k in INT_FIELDS else v for k, v in m.groupdict().items()}


def parse(text):
	"""Pick the trace out of TEXT (a trace file or a whole serial log) into a Trace."""
	trace = Trace([])
	for number, raw in enumerate(ANSI.sub("", text).split("\n"), 1):
		line = raw.replace("\r", "").rstrip()
		if (m := HEADER.search(line)):
			trace.entries = (int(m.group(1)), int(m.group(2)))
			trace.cpus_header = int(m.group(3))
			continue
		if (m := BUFFER_STARTED.match(line)):
			trace.started_late.add(int(m.group(1)))
			continue
		if (m := LOST.match(line)):
			cpu = int(m.group(1))
			trace.lost[cpu] = trace.lost.get(cpu, 0) + int(m.group(2))
			continue
		m = EVENT_LINE.match(line)
		fields = m and parse_fields(m.group("event"), m.group("fields"))
		# A CPU number beyond any machine's is a garbled digit, and would make a lane of it.
		if fields and max([int(m.group("cpu"))] + [fields[k] for k in CPU_FIELDS
							      if k in fields]) >= MAX_CPUS:
			fields = None
		if not fields:
			if CANDIDATE.search(line):
				trace.skipped.append((number, line))
			continue
		ts = int(m.group("sec")) * 1000000 + int(m.group("frac")[:6].ljust(6, "0"))
		trace.events.append(Event(ts, int(m.group("cpu")), m.group("comm").strip(),
					  int(m.group("pid")), m.group("event"), fields))
	# Stable: events with the same timestamp keep the order the kernel printed them in.
	trace.events.sort(key=lambda e: e.ts)
	return trace


# ---------------------------------------------------------------------------------------------
# From events to a model: who ran where and when, and what happened around it

@dataclass
class Slice:
	cpu: int
	start: int
	end: int
	pid: int
	comm: str
	prio: object		# None when the trace never said
	state: str		# prev_state it left in; "" when still running at the end
	inferred: str = ""	# why the start is a guess, if it is


@dataclass
class Strip:
	"""An interrupt handler or a softirq on a CPU, from its entry to its exit."""
	cpu: int
	start: int
	end: int
	kind: str		# "irq_handler" or "softirq"
	label: str
	args: dict
	matched: bool		# False: no exit seen, closed at the event after the entry


@dataclass
class Mark:
	"""An instant: a wake-up, a kthread call, an exit, a hotplug step..."""
	cpu: int		# the lane it is drawn on
	ts: int
	kind: str
	label: str
	args: dict


@dataclass
class HotplugOp:
	"""One direction of add_cpu()/remove_cpu() for one CPU: its cpuhp_* events in a row."""
	cpu: int
	down: bool
	start: int
	end: int
	steps: int = 0
	lowest_target: int = 1 << 30


@dataclass
class Model:
	ncpus: int
	t0: int
	t1: int
	slices: list
	strips: list
	marks: list
	migrations: list	# Marks with args orig_cpu, dest_cpu
	ops: list
	offline: list		# (cpu, start, end)
	counts: collections.Counter
	skipped: list
	notes: list


def idle_name(pid, comm, cpu):
	"""PID 0 prints as <idle> on the line's prefix; its comm is swapper/N."""
	return f"swapper/{cpu}" if pid == 0 else comm


def hotplug_ops(events):
	"""Group cpuhp events by the CPU they act on into runs of one direction. cpuhp_enter's
	target below its step means teardown; a cpuhp_exit belongs to the run before it."""
	ops, current = [], {}
	for e in events:
		if e.name not in CPUHP:
			continue
		cpu = e.f["cpu"]
		op = current.get(cpu)
		if "target" in e.f:
			down = e.f["target"] < e.f["step"]
			if op is None or op.down != down:
				op = HotplugOp(cpu, down, e.ts, e.ts)
				current[cpu] = op
				ops.append(op)
			op.lowest_target = min(op.lowest_target, e.f["target"])
			op.steps += 1
		elif op is None:
			continue	# an exit whose enter came before the trace: direction unknown
		op.end = e.ts
	return ops


def offline_periods(ops, by_cpu, t0, t1):
	"""When each CPU was offline, inferred from hotplug runs (docs/tracing.md):
	- a teardown run whose target reaches 0 (CPUHP_OFFLINE) took the CPU down: from the last
	  event on its own lane before the run ended (its last act before dying);
	- a bring-up run brings it back: at the first event on its lane from the run's start on,
	  or at the run's end if its lane stays silent;
	- a CPU whose first run is a bring-up, with nothing on its lane before, was offline from the
	  start of the trace."""
	periods = []
	for cpu in sorted({op.cpu for op in ops}):
		mine = [op for op in ops if op.cpu == cpu]
		times = [e.ts for e in by_cpu.get(cpu, [])]
		down_at = None
		if not mine[0].down and not any(ts < mine[0].start for ts in times):
			down_at = t0
		for op in mine:
			if op.down and op.lowest_target == 0 and down_at is None:
				before = [ts for ts in times if ts <= op.end]
				down_at = max(op.start, before[-1]) if before else op.start
			elif not op.down and down_at is not None:
				after = [ts for ts in times if ts >= op.start]
				periods.append((cpu, down_at, after[0] if after else op.end))
				down_at = None
		if down_at is not None:
			periods.append((cpu, down_at, t1))
	return periods


def clip(slices, periods):
	"""Cut the parts of running slices that fall in an offline period away."""
	out = []
	for s in slices:
		pieces = [s]
		for cpu, start, end in periods:
			if cpu != s.cpu:
				continue
			kept = []
			for p in pieces:
				if p.end <= start or p.start >= end:
					kept.append(p)
					continue
				if p.start < start:
					kept.append(Slice(p.cpu, p.start, start, p.pid, p.comm, p.prio,
							  "offline", p.inferred))
				if p.end > end:
					kept.append(Slice(p.cpu, end, p.end, p.pid, p.comm, p.prio,
							  p.state, "back online"))
			pieces = kept
		out.extend(pieces)
	return out


def lane(model_slices, strips, cpu, events, t0, t1, late, notes):
	"""Walk one CPU's events: running slices from the switches, irq/softirq strips from the
	entry/exit pairs. The lane starts with the task that the first switch switched away from
	(or, with no switch, the task the first event was recorded in)."""
	first_switch = next((e for e in events if e.name == "sched_switch"), None)
	if first_switch:
		cur = [first_switch.f["prev_pid"], first_switch.f["prev_comm"],
		       first_switch.f["prev_prio"]]
	else:
		cur = [events[0].pid, idle_name(events[0].pid, events[0].comm, cpu), None]
	start = events[0].ts if cpu in late else t0
	why = "task before the lane's first event"
	last_seen = start
	stack = []		# open handlers: [kind, key, start, label, args, next event's time]
	mismatches = 0

	def unmatched(frames):
		"""Handlers whose exit never came (a switch, an outer handler's exit or the end of
		the lane shows they are over) end at the event that followed their entry."""
		for kind, _, begin, label, args, after in frames:
			strips.append(Strip(cpu, begin, after, kind, label, args, False))

	for i, e in enumerate(events):
		if e.pid == cur[0]:
			last_seen = e.ts
		f = e.f
		after = events[i + 1].ts if i + 1 < len(events) else e.ts
		if e.name == "sched_switch":
			if f["prev_pid"] != cur[0]:
				# Events were lost: what ran between the last sign of the old task and
				# this switch is not known; give it to the task the switch names.
				mismatches += 1
				model_slices.append(Slice(cpu, start, last_seen, *cur, "?", why))
				start, why = last_seen, "events lost before"
			cur = [f["prev_pid"], f["prev_comm"], f["prev_prio"]]
			model_slices.append(Slice(cpu, start, e.ts, *cur, f["prev_state"], why))
			unmatched(stack)
			stack = []
			cur = [f["next_pid"], f["next_comm"], f["next_prio"]]
			start, why, last_seen = e.ts, "", e.ts
		elif e.name == "irq_handler_entry":
			stack.append(["irq_handler", f["irq"], e.ts, f"irq {f['irq']} {f['name']}",
				      {"irq": f["irq"], "name": f["name"]}, after])
		elif e.name == "softirq_entry":
			stack.append(["softirq", f["vec"], e.ts, f"softirq {f['action']}",
				      {"vec": f["vec"], "action": f["action"]}, after])
		elif e.name in ("irq_handler_exit", "softirq_exit"):
			kind = "irq_handler" if e.name == "irq_handler_exit" else "softirq"
			key = f["irq"] if kind == "irq_handler" else f["vec"]
			at = next((n for n in range(len(stack) - 1, -1, -1)
				   if stack[n][0] == kind and stack[n][1] == key), None)
			if at is None:
				continue	# its entry came before the trace: dropped
			unmatched(stack[at + 1:])
			_, _, begin, label, args, _ = stack[at]
			del stack[at:]
			if kind == "irq_handler":
				args = dict(args, ret=f["result"])
			strips.append(Strip(cpu, begin, e.ts, kind, label, args, True))
	model_slices.append(Slice(cpu, start, t1, *cur, "", why))
	unmatched(stack)
	if mismatches:
		notes.append(f"CPU {cpu}: {mismatches} switch(es) named a different previous task "
			     "than the switch before: events were lost there")


def build(trace, cpus=None):
	"""The Model of a parsed Trace; CPUS, when given, is the number of lanes at least."""
	events = trace.events
	t0, t1 = events[0].ts, events[-1].ts
	seen = {e.cpu for e in events}
	for e in events:
		seen.update(e.f[k] for k in CPU_FIELDS if k in e.f)
	ncpus = max(cpus or 0, trace.cpus_header, max(seen) + 1)
	notes = []
	if cpus and ncpus > cpus:
		notes.append(f"events name CPUs up to {ncpus - 1}, more than the {cpus} asked for")
	if trace.entries and trace.entries[0] < trace.entries[1]:
		notes.append(f"the buffer held {trace.entries[0]} of {trace.entries[1]} events "
			     "written: the oldest were overwritten")
	for cpu, n in sorted(trace.lost.items()):
		notes.append(f"CPU {cpu}: {n} events lost")
	by_cpu = collections.defaultdict(list)
	for e in events:
		by_cpu[e.cpu].append(e)

	slices, strips = [], []
	for cpu in sorted(by_cpu):
		lane(slices, strips, cpu, by_cpu[cpu], t0, t1, trace.started_late, notes)
	ops = hotplug_ops(events)
	offline = offline_periods(ops, by_cpu, t0, t1)
	slices = clip(slices, offline)

	marks, migrations = [], []
	for e in events:
		f = e.f
		by = {"by": f"{e.comm}-{e.pid}", "recorded_on_cpu": e.cpu}
		if e.name in ("sched_waking", "sched_wakeup", "sched_wakeup_new"):
			marks.append(Mark(f["target_cpu"], e.ts, e.name,
					  f"{e.name} {f['comm']}:{f['pid']}", dict(f, **by)))
		elif e.name == "sched_migrate_task":
			migrations.append(Mark(f["dest_cpu"], e.ts, e.name,
					       f"{e.name} {f['comm']}:{f['pid']} "
					       f"CPU {f['orig_cpu']} -> {f['dest_cpu']}", dict(f, **by)))
		elif e.name == "sched_kthread_stop_ret":
			marks.append(Mark(e.cpu, e.ts, e.name, f"{e.name} ret={f['ret']}", dict(f, **by)))
		elif e.name in CPUHP:
			what = (f"target {f['target']} step {f['step']} ({f['fn']})" if "target" in f
				else f"state {f['state']} step {f['step']} ret {f['ret']}")
			marks.append(Mark(e.cpu, e.ts, e.name, f"{e.name} cpu {f['cpu']} {what}",
					  dict(f, **by)))
		elif e.name == "softirq_raise":
			marks.append(Mark(e.cpu, e.ts, e.name, f"softirq_raise {f['action']}",
					  dict(f, **by)))
		elif "comm" in f and "pid" in f:
			marks.append(Mark(e.cpu, e.ts, e.name, f"{e.name} {f['comm']}:{f['pid']}",
					  dict(f, **by)))
		elif e.name not in FIELDS:
			marks.append(Mark(e.cpu, e.ts, e.name, e.name, dict(f, **by)))
	counts = collections.Counter(e.name for e in events)
	return Model(ncpus, t0, t1, slices, strips, marks, migrations, ops, offline, counts,
		     trace.skipped, notes)


# ---------------------------------------------------------------------------------------------
# Chrome Trace Event JSON

# The one process, "CPUs"; CPU N's lane is its thread N + 1, as some readers take tid 0 for idle.
PROCESS = 1


def to_json(model, source):
	tid = lambda cpu: cpu + 1
	out = [{"ph": "M", "pid": PROCESS, "name": "process_name", "args": {"name": "CPUs"}}]
	for cpu in range(model.ncpus):
		out.append({"ph": "M", "pid": PROCESS, "tid": tid(cpu), "name": "thread_name",
			    "args": {"name": f"CPU {cpu}"}})
		out.append({"ph": "M", "pid": PROCESS, "tid": tid(cpu), "name": "thread_sort_index",
			    "args": {"sort_index": cpu}})
	timed = []
	for s in model.slices:
		if s.pid == 0:
			continue	# idle stays blank, as in the SVG
		args = {"comm": s.comm, "pid": s.pid, "prio": s.prio,
			"prev_state": s.state or "still running at the end of the trace"}
		if s.inferred:
			args["inferred"] = s.inferred
		timed.append({"ph": "X", "pid": PROCESS, "tid": tid(s.cpu), "ts": s.start,
			      "dur": s.end - s.start, "name": f"{s.comm}:{s.pid}", "cat": "sched_switch",
			      "args": args})
	for s in model.strips:
		args = dict(s.args) if s.matched else dict(s.args, closed="no exit seen")
		timed.append({"ph": "X", "pid": PROCESS, "tid": tid(s.cpu), "ts": s.start,
			      "dur": s.end - s.start, "name": s.label, "cat": s.kind, "args": args})
	for cpu, start, end in model.offline:
		timed.append({"ph": "X", "pid": PROCESS, "tid": tid(cpu), "ts": start,
			      "dur": end - start, "name": "offline", "cat": "offline",
			      "args": {"inferred_from": "cpuhp events"}})
	for m in model.marks:
		timed.append({"ph": "i", "s": "t", "pid": PROCESS, "tid": tid(m.cpu), "ts": m.ts,
			      "name": m.label, "cat": m.kind, "args": m.args})
	for n, m in enumerate(model.migrations, 1):
		timed.append({"ph": "i", "s": "t", "pid": PROCESS, "tid": tid(m.cpu), "ts": m.ts,
			      "name": m.label, "cat": m.kind, "args": m.args})
		# The arrow: Perfetto draws it when a slice is open on both lanes at that moment.
		flow = {"pid": PROCESS, "ts": m.ts, "name": "migrate", "cat": m.kind, "id": n}
		timed.append(dict(flow, ph="s", tid=tid(m.args["orig_cpu"])))
		timed.append(dict(flow, ph="f", bp="e", tid=tid(m.args["dest_cpu"])))
	# By time, the longer first at equal times so that a slice opens before what nests in it.
	timed.sort(key=lambda ev: (ev["ts"], -ev.get("dur", 0)))
	return {"traceEvents": out + timed, "displayTimeUnit": "ms",
		"otherData": {"source": source, "cpus": model.ncpus,
			      "start_s": model.t0 / 1e6, "end_s": model.t1 / 1e6,
			      "events": dict(sorted(model.counts.items())),
			      "offline_periods": len(model.offline),
			      "skipped_lines": len(model.skipped), "notes": model.notes}}


# ---------------------------------------------------------------------------------------------
# SVG

WIDTH = 1200
LEFT = 70		# lane labels
RIGHT = 20
TOP = 52		# title lines
LANE_H = 50		# marker row 0-8, running row 10-32, irq 34-38, softirq 39-43
RUN_Y, RUN_H = 10, 22
IRQ_Y, SOFTIRQ_Y, STRIP_H = 34, 39, 4
IRQ_COLOUR, SOFTIRQ_COLOUR = "#d62728", "#1f5fbf"
HOTPLUG_COLOUR = "#e67e00"
CHAR_W = 6.1		# monospace at font-size 10


def colour(pid):
	"""A stable colour per PID: its CRC picks a hue and, a little, the lightness, so that two
	threads of close hues still differ."""
	h = zlib.crc32(str(pid).encode())
	r, g, b = colorsys.hls_to_rgb((h % 360) / 360, 0.55 + (h >> 9) % 4 * 0.05, 0.65)
	return "#%02x%02x%02x" % (round(r * 255), round(g * 255), round(b * 255))


def attr(value):
	return escape(str(value), {'"': "&quot;"})


def fmt_ms(us):
	return f"{us / 1000:.3f} ms"


def nice_step(span_us, ticks=10):
	"""A tick spacing of 1, 2 or 5 times a power of ten giving about TICKS ticks."""
	raw = max(span_us / ticks, 1)
	power = 10 ** math.floor(math.log10(raw))
	return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def merge_narrow(items, x_of, span_px=None):
	"""Items sorted by start, each (start, end, payload): those at least a pixel wide come out
	alone; narrower ones that touch come out as a group, at most SPAN_PX wide when given.
	Yields (x0, x1, [payloads])."""
	group = None
	for start, end, payload in items:
		x0, x1 = x_of(start), x_of(end)
		if x1 - x0 >= 1:
			if group:
				yield group
				group = None
			yield (x0, x1, [payload])
		elif group and x0 - group[1] < 1 and (span_px is None or x1 - group[0] <= span_px):
			group = (group[0], max(group[1], x1), group[2] + [payload])
		else:
			if group:
				yield group
			group = (x0, x1, [payload])
	if group:
		yield group


def busy_runs(runs, x_of, us_per_px):
	"""Running slices to draw: wide ones alone; narrow ones a pixel's worth at a time, each
	pixel given the colour of the PID that ran most in it and an opacity for how busy it was
	(in quarters), neighbouring pixels alike joined. Yields (x0, x1, slices, opacity)."""
	pending = None		# [x0, x1, slices, pid, opacity]
	for x0, x1, group in merge_narrow(runs, x_of, span_px=1):
		if len(group) == 1 and x1 - x0 >= 1:
			if pending:
				yield tuple(pending[:3]) + (pending[4],)
				pending = None
			yield (x0, x1, group, 1.0)
			continue
		by_pid = collections.Counter()
		for s in group:
			by_pid[s.pid] += s.end - s.start
		pid = by_pid.most_common(1)[0][0]
		opacity = min(1.0, max(0.25, math.ceil(sum(by_pid.values()) / us_per_px * 4) / 4))
		if pending and pending[3:] == [pid, opacity] and x0 - pending[1] < 1:
			pending[1] = max(pending[1], x1)
			pending[2] += group
		else:
			if pending:
				yield tuple(pending[:3]) + (pending[4],)
			pending = [x0, x1, list(group), pid, opacity]
	if pending:
		yield tuple(pending[:3]) + (pending[4],)


def to_svg(model, start=None, end=None):
	w0 = model.t0 if start is None else start
	w1 = model.t1 if end is None else end
	w1 = max(w1, w0 + 1)
	plot_w = WIDTH - LEFT - RIGHT
	x_of = lambda t: LEFT + (min(max(t, w0), w1) - w0) * plot_w / (w1 - w0)
	inside = lambda a, b: b >= w0 and a <= w1
	lane_top = lambda cpu: TOP + cpu * LANE_H
	body, stats = [], collections.Counter()

	# Lane backgrounds, then the grid over them, then what ran.
	for cpu in range(model.ncpus):
		body.append(f'<rect x="{LEFT}" y="{lane_top(cpu) + RUN_Y}" width="{plot_w}" '
			    f'height="{RUN_H}" fill="#f4f4f4"/>')
	axis_y = lane_top(model.ncpus) + 4
	grid, ticks = axis(w0, w1, model.t0, axis_y, x_of)
	body.extend(grid)
	run_time = collections.Counter()
	names = {}
	for cpu in range(model.ncpus):
		top = lane_top(cpu)
		body.append(f'<g class="lane" data-cpu="{cpu}">')
		body.append(f'<text x="8" y="{top + RUN_Y + 15}" font-size="12">CPU {cpu}</text>')
		for c, a, b in model.offline:
			if c == cpu and inside(a, b):
				x0, x1 = x_of(a), x_of(b)
				body.append(f'<rect x="{x0:.1f}" y="{top + RUN_Y}" width="{x1 - x0:.1f}" '
					    f'height="{RUN_H}" fill="url(#offline)"><title>CPU {cpu} offline '
					    f'{fmt_ms(a - model.t0)} to {fmt_ms(b - model.t0)} (inferred from '
					    'cpuhp events)</title></rect>')
				if x1 - x0 > 50:
					body.append(f'<text x="{x0 + 4:.1f}" y="{top + RUN_Y + 15}" '
						    'font-size="10" fill="#555">offline</text>')
		runs = sorted(((s.start, s.end, s) for s in model.slices
			       if s.cpu == cpu and s.pid != 0 and inside(s.start, s.end)),
			      key=lambda r: r[0])
		for s in (r[2] for r in runs):
			run_time[s.pid] += min(s.end, w1) - max(s.start, w0)
			names[s.pid] = s.comm
		for x0, x1, group, opacity in busy_runs(runs, x_of, (w1 - w0) / plot_w):
			body.append(run_rect(group, x0, x1, opacity, top, model.t0, stats))
		for kind, y, fill in (("irq_handler", IRQ_Y, IRQ_COLOUR),
				      ("softirq", SOFTIRQ_Y, SOFTIRQ_COLOUR)):
			strips = sorted(((s.start, s.end, s) for s in model.strips
					 if s.cpu == cpu and s.kind == kind and inside(s.start, s.end)),
					key=lambda r: r[0])
			for x0, x1, group in merge_narrow(strips, x_of):
				stats[kind] += len(group)
				what = (group[0].label if len(group) == 1
					else f"{len(group)} {kind} runs: " + ", ".join(
						f"{n}x {lbl}" for lbl, n in collections.Counter(
							g.label for g in group).most_common(3)))
				took = sum(g.end - g.start for g in group)
				body.append(f'<rect x="{x0:.1f}" y="{top + y}" width="{max(x1 - x0, 1):.1f}" '
					    f'height="{STRIP_H}" fill="{fill}"><title>{attr(what)} at '
					    f'{fmt_ms(group[0].start - model.t0)}, {took} us</title></rect>')
		body.extend(hotplug_marks(model, cpu, top, x_of, inside, stats))
		body.extend(point_marks(model, cpu, top, x_of, w0, w1, stats))
		body.append("</g>")

	body.append('<g class="migrations">')
	for m in model.migrations:
		if not w0 <= m.ts <= w1:
			continue
		stats["migration"] += 1
		x = x_of(m.ts)
		a = lane_top(m.args["orig_cpu"]) + RUN_Y + RUN_H / 2
		b = lane_top(m.args["dest_cpu"]) + RUN_Y + RUN_H / 2
		b += -6 if b > a else 6		# stop short so the arrowhead shows
		body.append(f'<line x1="{x:.1f}" y1="{a:.1f}" x2="{x:.1f}" y2="{b:.1f}" stroke="#000" '
			    'stroke-width="1.5" marker-end="url(#arrow)"><title>'
			    f'{attr(m.label)} at {fmt_ms(m.ts - model.t0)}</title></line>')
	body.append("</g>")

	body.extend(ticks)
	legend_y = axis_y + 46
	legend, height = legend_rows(run_time, names, legend_y)
	body.extend(legend)

	span = model.t1 - model.t0
	title = (f"Spindle trace: {model.ncpus} CPUs, {model.t0 / 1e6:.6f} s to "
		 f"{model.t1 / 1e6:.6f} s ({fmt_ms(span)}), {sum(model.counts.values())} events")
	if (w0, w1) != (model.t0, model.t1):
		title += f"; shown {fmt_ms(w0 - model.t0)} to {fmt_ms(w1 - model.t0)}"
	merged = stats["run_merged"]
	detail = (f"running slices {stats['run']}"
		  + (f" ({merged} narrower than a pixel merged into {stats['run_groups']} marks)"
		     if merged else "")
		  + f", wake-ups {stats['wake']}, migrations {stats['migration']}, hotplug runs "
		  f"{len([o for o in model.ops if inside(o.start, o.end)])}, irq {stats['irq_handler']}"
		  f", softirq {stats['softirq']}"
		  + (f", lines skipped {len(model.skipped)}" if model.skipped else ""))
	head = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
		f'viewBox="0 0 {WIDTH} {height}" font-family="monospace">',
		'<defs>'
		'<pattern id="offline" width="6" height="6" patternUnits="userSpaceOnUse" '
		'patternTransform="rotate(45)"><rect width="6" height="6" fill="#e0e0e0"/>'
		'<line x1="0" y1="0" x2="0" y2="6" stroke="#999" stroke-width="2"/></pattern>'
		'<marker id="arrow" viewBox="0 0 10 10" refX="5" refY="5" markerWidth="6" '
		'markerHeight="6" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
		'fill="#000"/></marker></defs>',
		f'<rect width="{WIDTH}" height="{height}" fill="#fff"/>',
		f'<text x="8" y="18" font-family="sans-serif" font-size="14" font-weight="bold">'
		f'{attr(title)}</text>',
		f'<text x="8" y="36" font-family="sans-serif" font-size="11" fill="#444">'
		f'{attr(detail)}</text>']
	return "\n".join(head + body + ["</svg>"]) + "\n"


def run_rect(group, x0, x1, opacity, top, t0, stats):
	"""One running slice, or a group of slices too narrow to draw alone, as a rectangle."""
	stats["run"] += len(group)
	if len(group) == 1:
		s = group[0]
		label = f"{s.comm}:{s.pid}"
		tip = (f"{label} on CPU {s.cpu}\nstart {fmt_ms(s.start - t0)} ({s.start / 1e6:.6f} s)\n"
		       f"ran {s.end - s.start} us\n"
		       + (f"left in state {s.state}" if s.state else "still running at the end")
		       + (f"\nstart inferred: {s.inferred}" if s.inferred else ""))
		fill = colour(s.pid)
	else:
		stats["run_merged"] += len(group)
		stats["run_groups"] += 1
		by_pid = collections.Counter()
		for s in group:
			by_pid[(s.pid, s.comm)] += s.end - s.start
		top_pid = by_pid.most_common(1)[0][0][0]
		label = ""
		tip = (f"{len(group)} short slices from {fmt_ms(group[0].start - t0)} to "
		       f"{fmt_ms(group[-1].end - t0)}: "
		       + ", ".join(f"{c}:{p} {us} us" for (p, c), us in by_pid.most_common(4))
		       + (" ..." if len(by_pid) > 4 else ""))
		fill = colour(top_pid)
	w = max(x1 - x0, 1)
	faint = f' fill-opacity="{opacity}"' if opacity < 1 else ""
	out = (f'<rect x="{x0:.1f}" y="{top + RUN_Y}" width="{w:.1f}" height="{RUN_H}" '
	       f'fill="{fill}"{faint}><title>{attr(tip)}</title></rect>')
	if label:
		text = label if len(label) * CHAR_W + 4 <= w else group[0].comm
		if len(text) * CHAR_W + 4 <= w:
			out += (f'<text x="{x0 + 2:.1f}" y="{top + RUN_Y + 15}" font-size="10">'
				f'{attr(text)}</text>')
	return out


def point_marks(model, cpu, top, x_of, w0, w1, stats):
	"""Wake-ups as triangles above the lane (filled: sched_wakeup, hollow: sched_wakeup_new),
	at most one of a kind per 2 px, the tooltip counting the others."""
	kept = {}
	for m in model.marks:
		if m.cpu != cpu or m.kind not in ("sched_wakeup", "sched_wakeup_new") \
				or not w0 <= m.ts <= w1:
			continue
		stats["wake"] += 1
		key = (m.kind, int(x_of(m.ts) // 2))
		if key in kept:
			kept[key][1] += 1
		else:
			kept[key] = [m, 0]
	for (kind, _), (m, more) in sorted(kept.items(), key=lambda kv: kv[1][0].ts):
		x = x_of(m.ts)
		c = colour(m.args["pid"])
		fill, stroke = (c, "#333") if kind == "sched_wakeup" else ("#fff", c)
		tip = (f"{m.label} by {m.args['by']} at {fmt_ms(m.ts - model.t0)}"
		       + (f" (and {more} more here)" if more else ""))
		yield (f'<path d="M{x - 3.5:.1f},{top} L{x + 3.5:.1f},{top} L{x:.1f},{top + 8} z" '
		       f'fill="{fill}" stroke="{stroke}" stroke-width="1">'
		       f'<title>{attr(tip)}</title></path>')


def hotplug_marks(model, cpu, top, x_of, inside, stats):
	"""A hotplug run as an orange frame around the lane of the CPU it acts on, and each cpuhp
	event as a small diamond above the lane of the CPU that ran the step."""
	for op in model.ops:
		if op.cpu != cpu or not inside(op.start, op.end):
			continue
		x0, x1 = x_of(op.start), x_of(op.end)
		what = "teardown" if op.down else "bring-up"
		yield (f'<rect x="{x0:.1f}" y="{top + RUN_Y - 1}" width="{max(x1 - x0, 2):.1f}" '
		       f'height="{RUN_H + 2}" fill="none" stroke="{HOTPLUG_COLOUR}" stroke-width="2">'
		       f'<title>CPU {cpu} {what}: {op.steps} cpuhp steps from '
		       f'{fmt_ms(op.start - model.t0)}, {op.end - op.start} us</title></rect>')
	seen = set()
	for m in model.marks:
		if m.cpu != cpu or m.kind not in CPUHP or not inside(m.ts, m.ts):
			continue
		x = x_of(m.ts)
		if int(x) in seen:
			continue
		seen.add(int(x))
		yield (f'<path d="M{x:.1f},{top} L{x + 3:.1f},{top + 4} L{x:.1f},{top + 8} '
		       f'L{x - 3:.1f},{top + 4} z" fill="{HOTPLUG_COLOUR}"><title>{attr(m.label)} at '
		       f'{fmt_ms(m.ts - model.t0)}</title></path>')


def axis(w0, w1, t0, y, x_of):
	"""The grid lines (drawn under the lanes) and the axis with its ticks, in ms since T0."""
	step = nice_step(w1 - w0)
	digits = max(0, -math.floor(math.log10(step / 1000)))
	grid = []
	out = [f'<line x1="{LEFT}" y1="{y}" x2="{WIDTH - RIGHT}" y2="{y}" stroke="#000"/>']
	t = math.ceil((w0 - t0) / step) * step + t0
	while t <= w1:
		x = x_of(t)
		grid.append(f'<line x1="{x:.1f}" y1="{TOP}" x2="{x:.1f}" y2="{y}" stroke="#ddd" '
			    'stroke-width="0.5"/>')
		out.append(f'<line x1="{x:.1f}" y1="{y}" x2="{x:.1f}" y2="{y + 5}" stroke="#000"/>')
		out.append(f'<text x="{x:.1f}" y="{y + 17}" font-size="10" text-anchor="middle">'
			   f'{(t - t0) / 1000:.{digits}f}</text>')
		t += step
	out.append(f'<text x="{LEFT + (WIDTH - LEFT - RIGHT) / 2}" y="{y + 32}" font-size="11" '
		   f'text-anchor="middle" font-family="sans-serif">ms since {t0 / 1e6:.6f} s '
		   '(the first event)</text>')
	return grid, out


LEGEND_COLS = 5
LEGEND_MAX = 40


def legend_rows(run_time, names, y):
	"""The marks, then the threads by time run (colour -> comm:pid); returns (lines, height)."""
	out = [f'<text x="8" y="{y}" font-size="11" font-family="sans-serif">'
	       'running slice: colour per PID, idle blank</text>']
	shapes = (("wake-up", lambda x: f'<path d="M{x},{y - 9} L{x + 7},{y - 9} L{x + 3.5},{y - 1} z" '
					'fill="#888" stroke="#333"/>'),
		  ("new task woken", lambda x: f'<path d="M{x},{y - 9} L{x + 7},{y - 9} '
					       f'L{x + 3.5},{y - 1} z" fill="#fff" stroke="#333"/>'),
		  ("migration", lambda x: f'<line x1="{x + 3}" y1="{y - 10}" x2="{x + 3}" y2="{y}" '
					  'stroke="#000" stroke-width="1.5"/>'),
		  ("hotplug run", lambda x: f'<rect x="{x}" y="{y - 9}" width="8" height="8" '
					    f'fill="none" stroke="{HOTPLUG_COLOUR}" stroke-width="2"/>'),
		  ("cpuhp step", lambda x: f'<path d="M{x + 3},{y - 9} L{x + 6},{y - 5} L{x + 3},{y - 1} '
					   f'L{x},{y - 5} z" fill="{HOTPLUG_COLOUR}"/>'),
		  ("offline", lambda x: f'<rect x="{x}" y="{y - 9}" width="12" height="8" '
					'fill="url(#offline)"/>'),
		  ("irq", lambda x: f'<rect x="{x}" y="{y - 6}" width="12" height="4" '
				    f'fill="{IRQ_COLOUR}"/>'),
		  ("softirq", lambda x: f'<rect x="{x}" y="{y - 6}" width="12" height="4" '
					f'fill="{SOFTIRQ_COLOUR}"/>'))
	x = 300
	for label, shape in shapes:
		out.append(shape(x))
		out.append(f'<text x="{x + 16}" y="{y}" font-size="10">{label}</text>')
		x += 16 + len(label) * CHAR_W + 14
	threads = run_time.most_common()
	shown = threads[:LEGEND_MAX]
	col_w = (WIDTH - 16) // LEGEND_COLS
	for n, (pid, us) in enumerate(shown):
		cx = 8 + (n % LEGEND_COLS) * col_w
		cy = y + 18 + (n // LEGEND_COLS) * 16
		out.append(f'<rect x="{cx}" y="{cy - 9}" width="10" height="10" fill="{colour(pid)}"/>')
		text = f"{names[pid]}:{pid} {us / 1000:.2f} ms"
		out.append(f'<text x="{cx + 14}" y="{cy}" font-size="10">{attr(text[:34])}</text>')
	rows = (len(shown) + LEGEND_COLS - 1) // LEGEND_COLS
	bottom = y + 18 + rows * 16
	if len(threads) > len(shown):
		out.append(f'<text x="8" y="{bottom}" font-size="10">... and {len(threads) - len(shown)} '
			   'more threads</text>')
		bottom += 16
	return out, bottom


# ---------------------------------------------------------------------------------------------
# convert and check

class NoTrace(Exception):
	pass


def summary(model):
	kinds = ", ".join(f"{name} {n}" for name, n in sorted(model.counts.items()))
	return (f"{sum(model.counts.values())} events ({kinds}); {model.ncpus} CPUs; "
		f"{model.t0 / 1e6:.6f} s to {model.t1 / 1e6:.6f} s ({fmt_ms(model.t1 - model.t0)}); "
		f"{len(model.offline)} offline periods; {len(model.skipped)} lines skipped")


def report_skipped(model, out=sys.stderr):
	for number, text in model.skipped[:5]:
		print(f"trace.py: skipped line {number}: {text[:100]!r}", file=out)
	if len(model.skipped) > 5:
		print(f"trace.py: ... and {len(model.skipped) - 5} more skipped lines", file=out)
	for note in model.notes:
		print(f"trace.py: note: {note}", file=out)


def convert_text(text, prefix, source, cpus=None, start=None, end=None):
	"""Parse TEXT and write PREFIX.json and PREFIX.svg; START and END (seconds) narrow the SVG
	only. Returns the Model; raises NoTrace when the text holds no event line."""
	trace = parse(text)
	if not trace.events:
		raise NoTrace(f"no trace event lines in {source}"
			      + (f" ({len(trace.skipped)} garbled ones skipped)" if trace.skipped else ""))
	model = build(trace, cpus)
	os.makedirs(os.path.dirname(os.path.abspath(prefix)), exist_ok=True)
	with open(prefix + ".json", "w") as f:
		json.dump(to_json(model, source), f, separators=(",", ":"))
	to_us = lambda s: None if s is None else round(s * 1e6)
	with open(prefix + ".svg", "w") as f:
		f.write(to_svg(model, to_us(start), to_us(end)))
	return model


def convert_file(path, prefix, cpus=None, start=None, end=None):
	with open(path, encoding="utf-8", errors="replace", newline="") as f:
		return convert_text(f.read(), prefix, os.path.basename(path), cpus, start, end)


def validate(json_path, svg_path, ncpus, kinds=None):
	"""Problems with a converted pair, [] when none: the JSON loads as Chrome Trace Event data
	with one "CPU N" thread per CPU and events of every kind its trace had (or of KINDS when
	given); the SVG parses as XML and has exactly one <g class="lane" data-cpu="N"> per CPU."""
	problems = []
	try:
		with open(json_path) as f:
			data = json.load(f)
		events = data["traceEvents"]
	except (OSError, ValueError, KeyError, TypeError) as e:
		return [f"{json_path}: {e}"]
	cats = collections.Counter(ev.get("cat") for ev in events if ev.get("ph") != "M")
	lanes = sorted(ev["args"]["name"] for ev in events
		       if ev.get("ph") == "M" and ev.get("name") == "thread_name")
	if lanes != sorted(f"CPU {n}" for n in range(ncpus)):
		problems.append(f"{json_path}: lanes {lanes}, expected CPU 0 to CPU {ncpus - 1}")
	if kinds is None:
		names = data.get("otherData", {}).get("events", {})
		kinds = [JSON_CAT.get(n, n) for n in names if JSON_CAT.get(n, n)]
	for kind in kinds:
		if not cats[kind]:
			problems.append(f"{json_path}: no {kind} events")
	for ev in events:
		if ev.get("ph") in ("X", "i", "s", "f") and not isinstance(ev.get("ts"), (int, float)):
			problems.append(f"{json_path}: event without a timestamp: {ev}")
			break
		if ev.get("ph") == "X" and not ev.get("dur", -1) >= 0:
			problems.append(f"{json_path}: slice with a negative or no duration: {ev}")
			break
	flows = collections.Counter((ev["ph"], ev["id"]) for ev in events if ev.get("ph") in "sf")
	if sorted(i for p, i in flows if p == "s") != sorted(i for p, i in flows if p == "f"):
		problems.append(f"{json_path}: flow starts and ends do not pair up")
	try:
		root = ElementTree.parse(svg_path).getroot()
	except (OSError, ElementTree.ParseError) as e:
		return problems + [f"{svg_path}: {e}"]
	ns = "{http://www.w3.org/2000/svg}"
	found = sorted(int(g.get("data-cpu")) for g in root.iter(ns + "g") if g.get("class") == "lane")
	if found != list(range(ncpus)):
		problems.append(f"{svg_path}: lanes for CPUs {found}, expected 0 to {ncpus - 1}")
	return problems


def cmd_convert(args):
	try:
		model = convert_file(args.log, args.output, args.cpus, args.start, args.end)
	except (OSError, NoTrace) as e:
		print(f"trace.py: {e}", file=sys.stderr)
		return 1
	report_skipped(model)
	print(f"{summary(model)} -> {args.output}.json, {args.output}.svg")
	return 0


def cmd_check(args):
	problems = validate(args.prefix + ".json", args.prefix + ".svg", args.cpus,
			    KINDS if args.all_kinds else None)
	for p in problems:
		print(f"trace.py: {p}", file=sys.stderr)
	print(f"check {args.prefix}: " + ("ok" if not problems else f"FAILED ({len(problems)} above)"))
	return 1 if problems else 0


# ---------------------------------------------------------------------------------------------
# record: boot QEMU, type at the console shell, read the trace back over the serial line

QEMU = "qemu-system-x86_64"
BOOTED = re.compile(rb"type help for the commands")
PROMPT = re.compile(rb"\n# $")
DEFAULT_RUN = ("kthread run trace_demo --does sleep:5; kthread park trace_demo; "
	       "kthread unpark trace_demo; kthread stop trace_demo; "
	       "echo 0 > /sys/devices/system/cpu/cpu1/online; "
	       "echo 1 > /sys/devices/system/cpu/cpu1/online")
TRACE_EVENTS = "sched,irq,cpuhp,kthread"
TRACE_FILE = "/sys/kernel/tracing/trace"
# The prompt is "# " at the very end of the output, but the trace header has lines that begin
# with "# " too: the output must also stay quiet this long before the prompt counts.
SETTLE = 0.5


class Timeout(Exception):
	pass


class Session:
	"""QEMU with the serial line on its stdio; a thread collects what it prints."""

	def __init__(self, cmd, deadline):
		self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
					     stderr=subprocess.STDOUT)
		self.out = bytearray()
		self.deadline = deadline
		self.reader = threading.Thread(target=self._read, daemon=True)
		self.reader.start()

	def _read(self):
		for chunk in iter(lambda: self.proc.stdout.read1(4096), b""):
			self.out.extend(chunk)

	def type(self, line):
		"""Type LINE and Enter; returns where its answer starts in the output."""
		since = len(self.out)
		self.proc.stdin.write(line.encode() + b"\r")
		self.proc.stdin.flush()
		return since

	def wait(self, pattern, since, what):
		"""Until PATTERN matches the output from SINCE on, the output then quiet for SETTLE
		seconds; a dot a second on stderr meanwhile. Returns the match (offsets from SINCE)."""
		start = time.monotonic()
		print(f"record: waiting for {what} ", end="", file=sys.stderr, flush=True)
		dots = 0
		while True:
			size = len(self.out)
			m = pattern.search(bytes(self.out[since:size]))
			if m:
				time.sleep(SETTLE)
				if len(self.out) == size:
					print(f"{' ' if dots else ''}{time.monotonic() - start:.1f} s",
					      file=sys.stderr)
					return m
				continue
			if self.proc.poll() is not None:
				print(file=sys.stderr)
				raise Timeout(f"QEMU exited (status {self.proc.returncode}) while waiting "
					      f"for {what}")
			if time.monotonic() > self.deadline:
				print(file=sys.stderr)
				raise Timeout(f"timed out waiting for {what}")
			time.sleep(0.2)
			if time.monotonic() - start >= dots + 1:
				dots += 1
				print(f"{dots}s" if dots % 10 == 0 else ".", end="", file=sys.stderr,
				      flush=True)

	def finish(self, powered_off):
		"""Wait up to 10 s for QEMU to exit after poweroff (or quit it with Ctrl-A x), then
		kill it."""
		if self.proc.poll() is None and not powered_off:
			with contextlib.suppress(OSError):
				self.proc.stdin.write(b"\x01x")
				self.proc.stdin.flush()
		try:
			self.proc.wait(timeout=10)
		except subprocess.TimeoutExpired:
			print("record: QEMU still running 10 s after poweroff: killed", file=sys.stderr)
			self.proc.kill()
			self.proc.wait()
		self.reader.join(timeout=5)


def kernel_options(cmdline):
	"""The user's options, with the trace_event= of every event group unless they chose."""
	opts = cmdline.strip()
	if not re.search(r"(^|\s)trace_event=", opts):
		opts = f"{opts} trace_event={TRACE_EVENTS}".strip()
	return opts


def cmd_record(args):
	if not os.path.exists(args.iso):
		print(f"trace.py: no ISO at {args.iso}: run make iso first (make trace does)",
		      file=sys.stderr)
		return 1
	opts = kernel_options(args.cmdline)
	commands = [c.strip() for c in args.run.split(";") if c.strip()]
	cmd = [QEMU, "-M", "q35", "-smp", str(args.smp), "-m", "512M", "-no-reboot",
	       "-display", "none", "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
	       "-cdrom", args.iso, "-serial", "mon:stdio",
	       # QEMU splits option values at commas; a literal comma is written twice.
	       "-fw_cfg", "name=opt/spindle/cmdline,string=" + opts.replace(",", ",,")]
	prefix = args.output
	os.makedirs(os.path.dirname(os.path.abspath(prefix)), exist_ok=True)
	# Pictures from an earlier run must not pass for this one's.
	for ext in (".txt", ".json", ".svg"):
		if os.path.exists(prefix + ext):
			os.unlink(prefix + ext)
	print(f"record: kernel options: {opts}", file=sys.stderr)
	session = Session(cmd, time.monotonic() + args.timeout)
	failure, captured, powered_off = None, None, False
	try:
		booted = session.wait(BOOTED, 0, "the console (GRUB's menu, the boot"
				      + (", the self-tests" if "ktest=" in opts else "") + ")")
		session.wait(PROMPT, booted.end(), "the prompt")
		for command in commands + [f"echo 0 > {os.path.dirname(TRACE_FILE)}/tracing_on"]:
			session.wait(PROMPT, session.type(command), repr(command))
		since = session.type(f"cat {TRACE_FILE}")
		end = session.wait(PROMPT, since, "the trace to be printed").start()
		captured = bytes(session.out[since:since + end])
		session.type("poweroff")
		powered_off = True
	except Timeout as e:
		failure = f"{e} ({args.timeout} s allowed; --timeout changes that)"
	finally:
		session.finish(powered_off)
		with open(prefix + ".log", "wb") as f:
			f.write(bytes(session.out))
	if failure:
		print(f"trace.py: record: {failure}; the serial log is {prefix}.log", file=sys.stderr)
		return 1
	# The answer starts with the echo of the command; the prompt is already cut off.
	text = ANSI.sub("", captured.decode("utf-8", errors="replace")).replace("\r", "")
	text = text.split("\n", 1)[1] + "\n" if "\n" in text else ""
	with open(prefix + ".txt", "w") as f:
		f.write(text)
	try:
		model = convert_text(text, prefix, os.path.basename(prefix + ".txt"), args.smp)
	except NoTrace:
		said = next((line.strip() for line in text.split("\n") if line.strip()), "nothing")
		print(f"trace.py: record: no trace lines came back from cat {TRACE_FILE}; it printed: "
		      f"{said!r}. No pictures written; the output is in {prefix}.txt, the serial log "
		      f"in {prefix}.log", file=sys.stderr)
		return 1
	report_skipped(model)
	print(f"{summary(model)} -> {prefix}.txt, {prefix}.log, {prefix}.json, {prefix}.svg")
	return 0


def main():
	parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
					 formatter_class=argparse.RawDescriptionHelpFormatter)
	sub = parser.add_subparsers(dest="command", required=True)
	p = sub.add_parser("convert", help="a trace or serial log to PREFIX.json and PREFIX.svg")
	p.add_argument("log")
	p.add_argument("-o", "--output", default="build/trace", metavar="PREFIX")
	p.add_argument("--cpus", type=int, help="lanes at least (default: from the trace)")
	p.add_argument("--start", type=float, metavar="S", help="SVG from this trace time (s)")
	p.add_argument("--end", type=float, metavar="S", help="SVG up to this trace time (s)")
	p.set_defaults(fn=cmd_convert)
	p = sub.add_parser("record", help="boot, run commands with tracing on, convert the trace")
	p.add_argument("--iso", default="build/spindle.iso")
	p.add_argument("--smp", type=int, default=4)
	p.add_argument("--cmdline", default="", help="kernel options (trace_event= is added)")
	p.add_argument("--run", default=DEFAULT_RUN, metavar="CMD; CMD",
		       help="console commands to trace (default: a kthread's life and a hotplug)")
	p.add_argument("-o", "--output", default="build/trace", metavar="PREFIX")
	p.add_argument("--timeout", type=int, default=900, metavar="S",
		       help="give up after this many seconds in all (default 900)")
	p.set_defaults(fn=cmd_record)
	p = sub.add_parser("check", help="validate PREFIX.json and PREFIX.svg")
	p.add_argument("prefix")
	p.add_argument("--cpus", type=int, required=True)
	p.add_argument("--all-kinds", action="store_true",
		       help="require every kind of event, not only those the trace had")
	p.set_defaults(fn=cmd_check)
	args = parser.parse_args()
	return args.fn(args)


if __name__ == "__main__":
	sys.exit(main())
